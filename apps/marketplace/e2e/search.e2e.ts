import { expect, test } from './support/fixtures';

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the search form is a plain GET form that lists ranked results', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('searchbox', { name: 'Search products' }).fill('checkout');
		await page.getByRole('button', { name: 'Search' }).click();

		await expect(page).toHaveURL(/\/search\?q=checkout$/);
		const results = page.getByRole('heading', { level: 2 }).getByRole('link');
		await expect(results.first()).toBeVisible();
		// Professional and Enterprise both mention the checkout; the name decides nothing here.
		await expect(results).toContainText(['Professional bundle']);

		await results.filter({ hasText: 'Professional bundle' }).click();
		await expect(page).toHaveURL(/\/products\/bundle-professional$/);
	});

	test('a typo still finds the product, and nonsense says nothing matches', async ({ page }) => {
		await page.goto('/search?q=profesional');
		await expect(page.getByRole('link', { name: 'Professional bundle' })).toBeVisible();

		await page.goto('/search?q=zzzqqq');
		await expect(page.getByText('No products match “zzzqqq”.')).toBeVisible();
	});
});

test('GET /api/search answers ranked JSON hits', async ({ request }) => {
	const response = await request.get('/api/search?q=enterprise');
	expect(response.status()).toBe(200);
	const { hits } = (await response.json()) as { hits: { id: string; href: string }[] };
	expect(hits.map((hit) => hit.id)).toEqual(
		expect.arrayContaining(['bundle-enterprise', 'api-enterprise'])
	);
	expect(hits.every((hit) => hit.href === `/products/${hit.id}`)).toBe(true);
});
