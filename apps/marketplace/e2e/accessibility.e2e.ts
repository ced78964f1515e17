import { addProfessionalBundle } from './support/checkout';
import { buyWithApi, expect, test, type FulfilledOrder } from './support/fixtures';
import { expectNoViolations } from './support/pages';

test.describe('axe-core finds no violation', () => {
	test('on the home page', async ({ page }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	});

	test('on a product page', async ({ page }) => {
		await page.goto('/products/bundle-professional');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Professional bundle' })
		).toBeVisible();
		await expectNoViolations(page);
	});

	test('on the search results', async ({ page }) => {
		await page.goto('/search?q=cart');
		await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
		await expectNoViolations(page);
	});

	test('on the checkout with items in the cart', async ({ page }) => {
		await addProfessionalBundle(page);
		await page.goto('/checkout');
		const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
		await expect(frame.getByLabel('Card number')).toBeVisible();
		await expectNoViolations(page);
	});

	for (const path of ['/terms', '/privacy', '/refund-policy', '/contact']) {
		test(`on ${path}`, async ({ page }) => {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoViolations(page);
		});
	}

	test('on the checkout showing its errors', async ({ page }) => {
		await addProfessionalBundle(page);
		await page.goto('/checkout');
		const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
		await expect(frame.getByLabel('Card number')).toBeVisible();
		await page.getByRole('button', { name: /^Pay \$/ }).click();
		await expect(page.getByLabel('Email for the receipt')).toHaveAttribute('aria-invalid', 'true');
		await expectNoViolations(page);
	});

	test('with the cart drawer open', async ({ page }) => {
		await addProfessionalBundle(page);
		await page.getByRole('button', { name: /^Cart/ }).click();
		await expect(page.getByRole('dialog', { name: 'Your cart' })).toBeVisible();
		await expectNoViolations(page);
	});

	test('in dark mode on the home page', async ({ page }) => {
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.goto('/');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	});

	test('on the about page', async ({ page }) => {
		await page.goto('/about');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	});

	test('on the subscription page', async ({ page }) => {
		await page.goto('/subscribed?session_id=cs_test_doesnotexist');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoViolations(page);
	});

	test('on the 404 page', async ({ page }) => {
		const response = await page.goto('/products/no-such-product');
		expect(response?.status()).toBe(404);
		await expectNoViolations(page);
	});

	test.describe('after a purchase', () => {
		let order: (FulfilledOrder & { orderUrl: string }) | undefined;
		const token = () => order?.downloadTokens[0] ?? '';

		test.beforeEach(async ({ request, stripe }) => {
			order = await buyWithApi(request, stripe, {
				items: [{ sku: 'bundle-starter', quantity: 1 }]
			});
		});

		test('on the fulfilled order page', async ({ page }) => {
			await page.goto(order?.orderUrl ?? '');
			await expect(page.getByTestId('license-key')).toBeVisible();
			await expectNoViolations(page);
		});

		test('on the download status page', async ({ page }) => {
			await page.goto(`/downloads/${token()}`);
			await expect(page.getByRole('button', { name: 'Download the ZIP' })).toBeVisible();
			await expectNoViolations(page);
		});

		test('on the development mailbox', async ({ page }) => {
			await page.goto('/dev/mail');
			await expect(page.getByRole('listitem').first()).toBeVisible();
			await expectNoViolations(page);
		});

		test('on the refused-download page', async ({ page, request }) => {
			for (let i = 0; i < 5; i++)
				expect((await request.get(`/download/${token()}`)).status()).toBe(200);
			const refused = await page.goto(`/download/${token()}`);
			expect(refused?.status()).toBe(410);
			await expectNoViolations(page);
		});
	});
});
