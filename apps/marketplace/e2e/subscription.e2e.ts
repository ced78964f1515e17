import { expect, test } from './support/fixtures';
import { CARDS, gotoHydrated } from './support/checkout';

test('a plan’s call to action subscribes through the hosted Checkout page', async ({ page }) => {
	await gotoHydrated(page, '/');
	await page.getByRole('radio', { name: 'Yearly' }).check();
	await expect(page.getByText('$990')).toBeVisible();
	await page.getByRole('button', { name: 'Choose Pro API' }).click();

	// The sandbox's hosted page stands where checkout.stripe.com would.
	await expect(page.getByText('Pro API × 1 / year')).toBeVisible();
	// Pro API starts with a 14-day trial: shown as Stripe's page shows it, nothing due today.
	await expect(page.getByText('14 days free')).toBeVisible();
	await expect(page.getByText('Then $990.00 per year after the trial.')).toBeVisible();
	await page.getByLabel('Email').fill('team@example.com');
	await page.getByLabel('Card number').fill(CARDS.succeeds);
	await page.getByLabel('Expiration date').fill('12 / 34');
	await page.getByLabel('Security code').fill('123');
	await page.getByLabel('Name on card').fill('Ada Lovelace');
	await page.getByRole('button', { name: 'Start trial' }).click();

	await expect(page).toHaveURL(/\/subscribed\?session_id=cs_test_/);
	await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
});

test('the subscription page does not thank a shopper for a session that does not exist', async ({
	page
}) => {
	await page.goto('/subscribed?session_id=cs_test_doesnotexist');
	await expect(
		page.getByRole('heading', { name: 'We could not find this subscription' })
	).toBeVisible();
});
