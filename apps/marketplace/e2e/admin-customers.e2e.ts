import type { Page } from '@playwright/test';
import { signIn, uniqueEmail } from './support/accounts';
import { ADMIN_EMAIL } from './support/env';
import { buyWithApi, expect, test } from './support/fixtures';
import { expectNoViolations } from './support/pages';

/** The page fits its width: nothing makes the window scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `${page.url()} at ${page.viewportSize()?.width}px`).toBeLessThanOrEqual(0);
}

const validate = async (page: Page, key: string) =>
	(await (await page.request.post('/api/licenses/validate', { data: { key } })).json()).status;

test('the admin finds a buyer, resets a download count, refunds part then all, and the audit log shows it', async ({
	page,
	request,
	stripe
}) => {
	test.setTimeout(300_000);
	const email = uniqueEmail('admin-refund');
	// Starter, one project: $199.00.
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }],
		email
	});
	const [token] = order.downloadTokens;
	expect(token).toBeDefined();
	expect((await request.get(`/download/${token}`)).status()).toBe(200);

	await signIn(page, ADMIN_EMAIL, '/admin/customers');
	await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
	await page.getByLabel('Email or name').fill(email);
	await page
		.getByRole('search', { name: 'Customers' })
		.getByRole('button', { name: 'Search' })
		.click();
	await expect(page.getByRole('status').filter({ hasText: '1 customer matching' })).toBeVisible();
	await expectNoViolations(page);
	await page.getByRole('link', { name: email }).click();
	await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible();

	const card = page.getByTestId(`order-${order.orderId}`);
	await expect(card.getByTestId('license-hint')).toContainText(
		`${order.licenseKey.slice(0, 9)}…${order.licenseKey.slice(-4)}`
	);
	await expect(page.locator('main')).not.toContainText(order.licenseKey);
	await expect(card.getByRole('cell', { name: '1 / 5' })).toBeVisible();
	await expectNoViolations(page);

	// Grant reset: the count goes back to zero.
	await card.getByRole('button', { name: /^Reset the download count/ }).click();
	await expect(page.getByTestId('action-message')).toContainText('Download count reset');
	await expect(card.getByRole('cell', { name: '0 / 5' })).toBeVisible();

	// A partial refund keeps access.
	await card.getByLabel(/^Amount/).fill('50.00');
	await card.getByLabel('Reason').fill('Goodwill, late delivery');
	await card.getByRole('button', { name: 'Refund' }).click();
	await expect(page.getByTestId('action-message')).toContainText('Partial refund done');
	await expect(card).toContainText('Refunded $50.00 of $199.00');
	expect(await validate(page, order.licenseKey)).toBe('valid');
	expect((await request.get(`/download/${token}`)).status()).toBe(200);

	// The rest: a full refund revokes the downloads and the key. The form offers what is left.
	await expect(card.getByLabel(/^Amount/)).toHaveValue('149.00');
	await card.getByLabel('Reason').fill('Customer asked for the rest');
	await card.getByRole('button', { name: 'Refund' }).click();
	await expect(page.getByTestId('action-message')).toContainText('Refunded in full');
	await expect(card.getByText('refunded', { exact: true })).toBeVisible();
	expect(await validate(page, order.licenseKey)).toBe('revoked');
	expect((await request.get(`/download/${token}`)).status()).toBe(410);
	await expect(page.getByTestId('timeline')).toContainText('Fully refunded');
	await expectNoViolations(page);

	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await expectNoSidewaysScroll(page);
		await page.screenshot({
			path: test.info().outputPath(`customer-${width}.png`),
			fullPage: true
		});
	}

	await page.goto('/admin/audit');
	const rows = page.getByRole('row').filter({ hasText: order.orderId });
	await expect(rows.filter({ hasText: 'order.refund' })).toHaveCount(2);
	await expect(rows.filter({ hasText: 'grant.reset' })).toHaveCount(1);
	await expect(rows.first()).toContainText(ADMIN_EMAIL);
});

test('the customer list and the manual order form work at phone and desktop widths, axe-clean', async ({
	page
}) => {
	await signIn(page, ADMIN_EMAIL, '/admin/customers/new');
	const email = uniqueEmail('manual');
	await page.getByLabel("Buyer's email").fill(email);
	await page.getByLabel('Bundle').selectOption('bundle-professional');
	await page.getByLabel('Amount paid (USD)').fill('450.00');
	await page.getByLabel(/^Note/).fill('Bank transfer, invoice 17');
	await expectNoViolations(page);
	await page.getByRole('button', { name: 'Record and fulfil' }).click();
	await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible();
	await expect(page.locator('main')).toContainText('manual');
	await expect(page.locator('main')).toContainText('$450.00');

	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		for (const path of ['/admin/customers', '/admin/customers/new']) {
			await page.goto(path);
			await expectNoSidewaysScroll(page);
		}
	}
	await page.goto('/admin/customers');
	await page.getByRole('button', { name: 'Clean up now' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Cleanup done' })).toBeVisible();
	await expectNoViolations(page);
});
