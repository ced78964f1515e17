import { expect, test } from '@playwright/test';

test('buys a sticker pack with 4242 4242 4242 4242', async ({ page }) => {
	await page.goto('/');
	// The cart marks itself hydrated once Svelte runs: before that a click does nothing.
	await expect(page.locator('[data-slot="cart"][data-hydrated]')).toBeAttached();
	await page.getByRole('button', { name: 'Add to cart: Sticker pack' }).click();
	await page.getByRole('button', { name: /Cart, 1 item/ }).click();
	await page.getByRole('dialog').getByRole('link', { name: 'Check out' }).click();

	await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
	const card = page.frameLocator('iframe[title="Secure payment input frame"]');
	await card.getByLabel('Card number').fill('4242 4242 4242 4242');
	await card.getByLabel(/Expir/).fill('12 / 34');
	await card.getByLabel(/CVC|Security/).fill('123');
	await page.getByRole('button', { name: 'Pay $4.99' }).click();

	await expect(page).toHaveURL(/\/orders\/pi_\w+$/, { timeout: 20_000 });
	await expect(page.getByText('Order total: $4.99')).toBeVisible();
	// The webhook confirms the order shortly after the payment: reload until it has.
	await expect(async () => {
		await page.reload();
		await expect(page.getByText('Payment confirmed.')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
});

test('answers a cart with an unknown SKU with a 400 JSON error', async ({ request }) => {
	const response = await request.post('/api/payment-intent', {
		data: { items: [{ sku: 'no-such-sku', quantity: 1 }] }
	});
	expect(response.status()).toBe(400);
	expect(response.headers()['content-type']).toContain('application/json');
	expect(await response.json()).toMatchObject({ error: { code: 'unknown_sku' } });
});

test('serves pages under a Content-Security-Policy with Stripe’s origins', async ({ request }) => {
	const response = await request.get('/');
	const policy = response.headers()['content-security-policy'] ?? '';
	expect(policy).toContain("default-src 'self'");
	expect(policy).toMatch(/script-src [^;]*https:\/\/js\.stripe\.com/);
	expect(policy).toMatch(/frame-src [^;]*https:\/\/hooks\.stripe\.com/);
	expect(policy).toMatch(/connect-src [^;]*https:\/\/api\.stripe\.com/);
});

test('opens the billing portal only for a signed-in customer', async ({ request }) => {
	const response = await request.post('/api/billing-portal');
	expect(response.status()).toBe(401);
	expect(await response.json()).toMatchObject({ error: { code: 'not_signed_in' } });
});
