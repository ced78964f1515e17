import { expect, test, type Page } from '@playwright/test';

// The quote page renders a cart given `items` on the server, so its quantity field is there, and
// can be typed into, before the scripts run. Hydration must keep what was typed and apply it as if
// it had been typed afterwards.

const hydrated = (page: Page) => page.locator('[data-slot="cart"][data-hydrated]');

/** Opens the quote with the scripts held back, types `quantity`, then lets the scripts run. */
async function typeBeforeHydration(page: Page, quantity: string) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const script = (url: URL) =>
		url.pathname.startsWith('/_app/immutable/') && url.pathname.endsWith('.js');
	await page.route(script, async (route) => {
		await released;
		await route.continue();
	});
	try {
		await page.goto('/quote', { waitUntil: 'commit' });
		const field = page.getByRole('spinbutton', { name: 'Quantity of Sticker pack' });
		await expect(field).toHaveValue('2');
		await field.fill(quantity);
		// Proof that the field was typed into the server's HTML: nothing has hydrated yet.
		await expect(hydrated(page)).toHaveCount(0);
	} finally {
		release();
	}
	await expect(hydrated(page)).toHaveCount(2); // the layout's cart and the quote's
	return page.getByRole('main');
}

test('a quantity typed before hydration is kept and counted', async ({ page }) => {
	const quote = await typeBeforeHydration(page, '5');
	const quantity = quote.getByRole('spinbutton', { name: 'Quantity of Sticker pack' });
	await expect(quantity).toHaveValue('5');
	await expect(quote.locator('[data-slot="cart-summary-count"]')).toHaveText('5');
	await expect(quote.locator('[data-slot="cart-summary-subtotal"]')).toHaveText('$24.95');
	// From then on the field follows the cart.
	await quote.getByRole('button', { name: 'Increase quantity of Sticker pack' }).click();
	await expect(quantity).toHaveValue('6');
	await expect(quote.locator('[data-slot="cart-summary-subtotal"]')).toHaveText('$29.94');
});

test('a quantity over the limit typed before hydration snaps back, as typed later', async ({
	page
}) => {
	// The sticker pack allows 10 per order.
	const quote = await typeBeforeHydration(page, '11');
	await expect(quote.getByRole('spinbutton', { name: 'Quantity of Sticker pack' })).toHaveValue(
		'2'
	);
	await expect(quote.getByRole('status')).toHaveText('Only 10 of Sticker pack are available.');
	await expect(quote.locator('[data-slot="cart-summary-subtotal"]')).toHaveText('$9.98');
});
