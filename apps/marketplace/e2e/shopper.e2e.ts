import { addProfessionalBundle, gotoHydrated, payButton } from './support/checkout';
import { buyWithApi, expect, test } from './support/fixtures';

test.describe('the checkout form', () => {
	test.beforeEach(async ({ page }) => {
		await addProfessionalBundle(page);
		await gotoHydrated(page, '/checkout');
		await expect(
			page.frameLocator('iframe[title="Secure payment input frame"]').getByLabel('Card number')
		).toBeVisible();
	});

	test('submitted empty, it shows the email error at the email box and each card error once', async ({
		page
	}) => {
		await payButton(page).click();

		const email = page.getByLabel('Email for the receipt');
		await expect(email).toHaveAttribute('aria-invalid', 'true');
		await expect(email).toHaveAccessibleDescription('Enter your email address for the receipt.');
		// The first invalid field gets focus: the email comes before the card.
		await expect(email).toBeFocused();

		const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
		await expect(frame.getByText('Your card number is incomplete.')).toHaveCount(1);
		// The card's errors show inside its fields; the page does not repeat them.
		await expect(page.getByText('Your card number is incomplete.')).toHaveCount(0);
		await expect(page.getByText('Enter your email address for the receipt.')).toHaveCount(1);
		await expect(page).toHaveURL(/\/checkout$/);
	});
});

test.describe('focus after a client-side navigation', () => {
	test('lands on the checkout heading', async ({ page }) => {
		await addProfessionalBundle(page);
		await page.getByRole('button', { name: /^Cart/ }).click();
		await page.getByRole('link', { name: 'Checkout' }).click();
		await expect(page).toHaveURL(/\/checkout$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeFocused();
	});

	test('lands on the order page heading', async ({ page, request, stripe }) => {
		const order = await buyWithApi(request, stripe, {
			items: [{ sku: 'bundle-starter', quantity: 1 }]
		});
		await gotoHydrated(page, '/');
		// A client-side navigation, as after paying: SvelteKit's goto.
		await page.evaluate((url) => {
			const link = document.createElement('a');
			link.href = url;
			link.textContent = 'order';
			document.querySelector('main')?.append(link);
			link.click();
		}, order.orderUrl);
		await expect(page).toHaveURL(order.orderUrl);
		await expect(page.getByRole('heading', { level: 1, name: 'Your order' })).toBeFocused();
	});
});

test.describe('the search box', () => {
	test('closes its suggestions after Enter, and the results page has no second box', async ({
		page
	}) => {
		await gotoHydrated(page, '/');
		const box = page.getByRole('searchbox', { name: 'Search products' });
		await box.fill('cart');
		const suggestions = page.locator('#search-suggestions');
		await expect(suggestions.getByRole('link').first()).toBeVisible();

		await box.press('Enter');
		await expect(page).toHaveURL(/\/search\?q=cart$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('cart');
		await expect(suggestions).toBeHidden();
		await expect(page.getByRole('searchbox')).toHaveCount(1);
		await expect(page.getByRole('search')).toHaveCount(1);
		await expect(box).toHaveValue('cart');
	});

	test('keeps the query the results page came with after the shopper leaves it', async ({
		page
	}) => {
		await gotoHydrated(page, '/search?q=cart');
		const box = page.getByRole('searchbox', { name: 'Search products' });
		await expect(box).toHaveValue('cart');
		await page.getByRole('heading', { level: 2 }).getByRole('link').first().click();
		await expect(page).toHaveURL(/\/products\//);
		await expect(box).toHaveValue('cart');
	});

	test('closes its suggestions after following one', async ({ page }) => {
		await gotoHydrated(page, '/');
		await page.getByRole('searchbox', { name: 'Search products' }).fill('enterprise');
		const suggestions = page.locator('#search-suggestions');
		await suggestions.getByRole('link', { name: 'Enterprise bundle' }).click();
		await expect(page).toHaveURL(/\/products\/bundle-enterprise$/);
		await expect(suggestions).toBeHidden();
	});
});

test.describe('quantities in the cart drawer', () => {
	test.beforeEach(async ({ page }) => {
		await addProfessionalBundle(page);
		await page.getByRole('button', { name: /^Cart/ }).click();
	});

	test('a quantity above the limit is explained next to the field, inside the drawer', async ({
		page
	}) => {
		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		const quantity = drawer.getByRole('spinbutton', { name: 'Projects of Professional bundle' });
		await quantity.fill('50');
		await quantity.press('Enter');

		const error = drawer.getByRole('alert');
		await expect(error).toHaveText(
			'Only 10 of Professional bundle are available. Your cart still has 1.'
		);
		await expect(error).toBeInViewport();
		await expect(
			drawer.getByRole('group', { name: 'Projects of Professional bundle' })
		).toHaveAccessibleDescription(/Only 10 of Professional bundle are available/);
	});

	test('typing 0 removes the line with an Undo that brings it back', async ({ page }) => {
		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		const quantity = drawer.getByRole('spinbutton', { name: 'Projects of Professional bundle' });
		await quantity.fill('0');
		await quantity.press('Enter');

		const status = drawer.getByRole('status').filter({ hasText: 'Removed Professional bundle.' });
		await expect(status).toBeVisible();
		await expect(drawer.getByText('Your cart is empty.')).toBeVisible();
		await status.getByRole('button', { name: /^Undo/ }).click();
		await expect(
			drawer.getByRole('spinbutton', { name: 'Projects of Professional bundle' })
		).toHaveValue('1');
		await expect(page.getByRole('button', { name: /Cart, 1 item/ })).toBeAttached();
	});
});
