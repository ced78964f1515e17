import { appOrigin } from './support/env';
import { expect, test } from './support/fixtures';

test('robots.txt keeps crawlers out of orders and downloads and names the sitemap', async ({
	request,
	stack
}) => {
	const response = await request.get('/robots.txt');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^text\/plain/);
	const text = await response.text();
	expect(text).toMatch(/^Disallow: \/orders\/$/m);
	expect(text).toContain(`Sitemap: ${appOrigin(stack)}/sitemap.xml`);
});

test('sitemap.xml lists every public page with absolute URLs, and each answers 200 with a description and a social card', async ({
	request,
	page,
	stack
}) => {
	const response = await request.get('/sitemap.xml');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^application\/xml/);
	const urls = [...(await response.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map(
		(match) => match[1] ?? ''
	);
	const origin = appOrigin(stack);
	for (const path of ['/', '/terms', '/privacy', '/refund-policy', '/contact']) {
		expect(urls).toContain(`${origin}${path}`);
	}
	expect(urls).toContain(`${origin}/products/bundle-enterprise`);

	const descriptions = new Set<string>();
	for (const url of urls) {
		expect(url.startsWith(`${origin}/`), url).toBe(true);
		const answer = await page.goto(url);
		expect(answer?.status(), url).toBe(200);
		const head = page.locator('head');
		const description = head.locator('meta[name="description"]');
		await expect(description, url).toHaveCount(1);
		descriptions.add((await description.getAttribute('content')) ?? '');
		for (const property of ['og:title', 'og:description', 'og:url', 'og:image', 'og:type']) {
			await expect(
				head.locator(`meta[property="${property}"]`),
				`${property} on ${url}`
			).toHaveCount(1);
		}
		await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute(
			'content',
			'summary_large_image'
		);
		await expect(head.locator('meta[property="og:url"]')).toHaveAttribute('content', url);
	}
	// Pages say what they are: product and legal pages override the store's description.
	expect(descriptions.size).toBeGreaterThan(urls.length / 2);
});

test('the social card image is served', async ({ page, request }) => {
	await page.goto('/');
	const image = await page.locator('meta[property="og:image"]').getAttribute('content');
	const response = await request.get(image ?? '');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('image/png');
});

test('the legal pages say what Stripe and a buyer need', async ({ page }) => {
	await page.goto('/terms');
	await expect(page.getByRole('heading', { level: 1, name: 'Terms and license' })).toBeVisible();
	await expect(page.getByText('per-project commercial license').first()).toBeVisible();
	await page.goto('/refund-policy');
	await expect(page.getByRole('heading', { level: 1, name: 'Refund policy' })).toBeVisible();
	await page.goto('/privacy');
	await expect(page.getByRole('heading', { level: 1, name: 'Privacy' })).toBeVisible();
	await page.goto('/contact');
	await expect(
		page.getByRole('main').getByRole('link', { name: 'support@nobs-pay.dev' })
	).toBeVisible();
	// The footer names the license the source is sold under, not the MIT license.
	await expect(page.getByRole('contentinfo')).not.toContainText('MIT');
	await expect(
		page.getByRole('contentinfo').getByRole('link', { name: 'Terms and license' })
	).toBeVisible();
});
