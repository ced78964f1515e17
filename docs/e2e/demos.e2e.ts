import { expect, test } from '@playwright/test';

test('the cart page runs its live example', async ({ page }) => {
	await page.goto('/cart');
	const demo = page.getByRole('region', { name: 'Live example' });
	await expect(demo.locator('[data-slot="cart"][data-hydrated]')).toBeAttached();
	await demo.getByRole('button', { name: 'Add to cart: Svelte ebook' }).click();
	await expect(demo.getByRole('button', { name: /Cart, 1 item/ })).toBeVisible();
});

test('the flip card page flips its card', async ({ page }) => {
	await page.goto('/flip-card');
	const toggle = page.getByRole('button', { name: 'Show what Pro includes' });
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	// A click that lands before hydration does nothing; click again until the page answers.
	await expect(async () => {
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-pressed', 'true', { timeout: 2_000 });
	}).toPass({ timeout: 60_000 });
});

test('the billing page previews a plan change before making it', async ({ page }) => {
	await page.goto('/billing');
	const demo = page.getByRole('region', { name: 'Live example' });
	const upgrade = demo.getByRole('button', { name: 'Upgrade to Team' });
	// A click that lands before hydration does nothing; click again until the preview shows.
	await expect(async () => {
		await upgrade.click();
		await expect(demo.getByText('$15.00 today, then $49.00 per month')).toBeVisible({
			timeout: 2_000
		});
	}).toPass({ timeout: 60_000 });
});
