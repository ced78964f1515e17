import { expect, test } from './support/fixtures';
import {
	addProfessionalBundle,
	CARDS,
	expectFulfilledOrderPage,
	fillPayment,
	payButton
} from './support/checkout';

test.beforeEach(async ({ page }) => {
	await addProfessionalBundle(page);
	await page.goto('/checkout');
});

test('a declined card shows the error and stays on the checkout; another card then succeeds', async ({
	page
}) => {
	await fillPayment(page, CARDS.declined);
	await payButton(page).click();

	await expect(
		page.getByRole('alert').filter({ hasText: 'Your card was declined.' })
	).toBeVisible();
	await expect(page).toHaveURL(/\/checkout$/);

	const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
	await frame.getByLabel('Card number').fill(CARDS.succeeds);
	await payButton(page).click();
	await expectFulfilledOrderPage(page);
});

test('a card that asks for authentication is charged once the shopper completes the challenge', async ({
	page
}) => {
	await fillPayment(page, CARDS.authenticates);
	await payButton(page).click();

	// The sandbox's Stripe.js stand-in shows the bank's challenge in a modal iframe.
	const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
	await expect(challenge.getByRole('heading', { name: '3D Secure 2 test page' })).toBeVisible();
	await challenge.getByRole('button', { name: 'Complete' }).click();

	await expectFulfilledOrderPage(page);
});

test('a failed authentication shows the error and keeps the shopper on the checkout', async ({
	page
}) => {
	await fillPayment(page, CARDS.authenticates);
	await payButton(page).click();

	const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
	await challenge.getByRole('button', { name: 'Fail' }).click();

	await expect(
		page
			.getByRole('alert')
			.filter({ hasText: 'We are unable to authenticate your payment method.' })
	).toBeVisible();
	await expect(page).toHaveURL(/\/checkout$/);
	await expect(payButton(page)).toBeEnabled();
});

test('an invalid email is shown at the email box, and the payment goes through once it is fixed', async ({
	page
}) => {
	await fillPayment(page, CARDS.succeeds, 'not-an-email');
	await payButton(page).click();

	const email = page.getByLabel('Email for the receipt');
	await expect(email).toHaveAttribute('aria-invalid', 'true');
	await expect(email).toHaveAccessibleDescription('Enter a valid email address for the receipt.');
	await expect(email).toBeFocused();
	await expect(page).toHaveURL(/\/checkout$/);

	await email.fill('buyer@example.com');
	await expect(email).not.toHaveAttribute('aria-invalid');
	await payButton(page).click();
	await expectFulfilledOrderPage(page);
});
