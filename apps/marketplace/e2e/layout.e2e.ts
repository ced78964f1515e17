import type { Page } from '@playwright/test';
import { addProfessionalBundle, gotoHydrated } from './support/checkout';
import { buyWithApi, expect, test } from './support/fixtures';

const WIDTHS = [390, 1280] as const;
const PUBLIC_PAGES = [
	'/',
	'/products/bundle-professional',
	'/products/api-pro',
	'/search?q=cart',
	'/about',
	'/terms',
	'/privacy',
	'/refund-policy',
	'/contact'
];

/** True when the page is no wider than the window: nothing makes it scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth, `${page.url()} at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

/** Puts three Professional bundles in the cart: a $1,497.00 line, the widest the store shows. */
async function addThreeProfessional(page: Page) {
	await addProfessionalBundle(page);
	const add = page.getByRole('button', { name: 'Add to cart: Professional bundle' });
	await add.click();
	await expect(page.getByRole('button', { name: /Cart, 2 items/ })).toBeVisible();
	await add.click();
	await expect(page.getByRole('button', { name: /Cart, 3 items/ })).toBeVisible();
}

for (const width of WIDTHS) {
	test.describe(`at ${width} px`, () => {
		test.use({ viewport: { width, height: 844 } });

		test('no public page scrolls sideways', async ({ page }) => {
			for (const path of PUBLIC_PAGES) {
				await gotoHydrated(page, path);
				await expectNoSidewaysScroll(page);
			}
		});

		test('the checkout with a $1,497.00 line does not scroll sideways and shows Remove whole', async ({
			page
		}) => {
			await addThreeProfessional(page);
			await gotoHydrated(page, '/checkout');
			const order = page.getByRole('region', { name: 'Your order' });
			await expect(order.getByText('$1,497.00').first()).toBeVisible();
			await expectNoSidewaysScroll(page);
			await expect(
				order.getByRole('button', { name: 'Remove Professional bundle' })
			).toBeInViewport({ ratio: 1 });
			const [remove, section] = await Promise.all([
				order.getByRole('button', { name: 'Remove Professional bundle' }).boundingBox(),
				order.boundingBox()
			]);
			expect(remove && section && remove.x + remove.width).toBeLessThanOrEqual(
				(section?.x ?? 0) + (section?.width ?? 0)
			);
		});

		test('the cart drawer fits the window with Close, Remove, the subtotal and Checkout in view', async ({
			page
		}) => {
			await addThreeProfessional(page);
			await page.getByRole('button', { name: /^Cart/ }).click();
			const drawer = page.getByRole('dialog', { name: 'Your cart' });
			await expect(drawer).toBeVisible();
			const box = await drawer.boundingBox();
			// Layout widths are fractional: 390.000008 is the window's width, not an overflow.
			expect(box?.width).toBeLessThanOrEqual(width + 0.5);
			for (const part of [
				drawer.getByRole('button', { name: 'Close cart' }),
				drawer.getByRole('button', { name: 'Remove Professional bundle' }),
				drawer.getByText('Subtotal'),
				drawer.getByText('$1,497.00').last(),
				drawer.getByRole('link', { name: 'Checkout' })
			]) {
				await expect(part).toBeInViewport({ ratio: 1 });
			}
			const scroll = await drawer.evaluate((node) => node.scrollWidth - node.clientWidth);
			expect(scroll).toBeLessThanOrEqual(0);
		});

		test('the order page does not scroll sideways', async ({ page, request, stripe }) => {
			const order = await buyWithApi(request, stripe, {
				items: [{ sku: 'bundle-professional', quantity: 1 }]
			});
			await gotoHydrated(page, order.orderUrl);
			await expect(page.getByTestId('license-key')).toBeVisible();
			await expectNoSidewaysScroll(page);
		});
	});
}
