import { unzipSync } from 'fflate';
import { expect, mailboxSchema, test } from './support/fixtures';
import {
	CARDS,
	expectFulfilledOrderPage,
	fillPayment,
	gotoHydrated,
	payButton
} from './support/checkout';

test('a shopper finds the Professional bundle, buys two, gets the receipt and five downloads', async ({
	page,
	request
}) => {
	const email = `purchase-${Date.now()}@example.com`;

	await test.step('search as you type and open the suggestion', async () => {
		await gotoHydrated(page, '/');
		await page.getByRole('searchbox', { name: 'Search products' }).pressSequentially('profes');
		const suggestion = page.locator('#search-suggestions').getByRole('link', {
			name: 'Professional bundle'
		});
		await suggestion.click();
		await expect(page).toHaveURL(/\/products\/bundle-professional$/);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Professional bundle' })
		).toBeVisible();
	});

	await test.step('add it and make it two on the checkout page', async () => {
		await page.getByRole('button', { name: 'Add to cart: Professional bundle' }).click();
		await expect(page.getByRole('button', { name: 'Cart, 1 item' })).toBeVisible();
		await gotoHydrated(page, '/checkout');
		await page.getByRole('button', { name: 'Increase quantity of Professional bundle' }).click();
		await expect(
			page.getByRole('spinbutton', { name: 'Projects of Professional bundle' })
		).toHaveValue('2');
		// 2 × $499: the button shows the total the server will charge.
		await expect(payButton(page)).toHaveText('Pay $998.00');
	});

	let licenseKey = '';
	let orderUrl = '';
	await test.step('pay with 4242 and see the order fulfilled', async () => {
		await fillPayment(page, CARDS.succeeds, email);
		await payButton(page).click();
		licenseKey = await expectFulfilledOrderPage(page);
		orderUrl = page.url();
		await expect(page.getByText('Professional bundle: 2 projects')).toBeVisible();
		// The order records what the server charged: 2 × $499.
		await expect(page.getByText(`$998.00, for ${email}`)).toBeVisible();
	});

	await test.step('read the receipt in the development mailbox', async () => {
		const mailbox = mailboxSchema.parse(await (await request.get('/dev/mail.json')).json());
		const receipts = mailbox.messages.filter((message) => message.to === email);
		expect(receipts).toHaveLength(1);
		const [receipt] = receipts;
		expect(receipt?.text).toContain(`License key: ${licenseKey}`);
		expect(receipt?.text).toContain(`Your order: ${orderUrl}`);
		// A quantity of a bundle is a number of projects on the one license key.
		expect(receipt?.text).toContain('- Professional bundle: 2 projects');
		expect(receipt?.text).toContain('It covers 2 projects.');
		expect(receipt?.html).toContain(orderUrl);
		expect(receipt?.text).toMatch(
			/Professional bundle: http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43}/
		);

		await page.goto('/dev/mail');
		await page.getByText(`to ${email}`).click();
		await expect(page.getByText(`License key: ${licenseKey}`)).toBeVisible();
	});

	await test.step('download a valid ZIP five times, and be refused the sixth', async () => {
		await page.goto(orderUrl);
		await expect(page.getByText('It covers 2 projects.')).toBeVisible();
		const link = page.getByRole('link', { name: 'Download Professional bundle (ZIP)' });
		const href = (await link.getAttribute('href')) ?? '';
		expect(href).toMatch(/^\/download\/[A-Za-z0-9_-]{43}$/);

		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		const zip = new Uint8Array(
			await (await download.createReadStream()).toArray().then(Buffer.concat)
		);
		expect(Buffer.from(zip.subarray(0, 4)).toString('latin1')).toBe('PK\x03\x04');
		const files = Object.keys(unzipSync(zip));
		expect(files.length).toBeGreaterThan(0);

		for (let i = 2; i <= 5; i++) {
			const response = await request.get(href);
			expect(response.status(), `download ${i}`).toBe(200);
			expect(response.headers()['x-downloads-remaining']).toBe(String(5 - i));
		}

		const refused = await page.goto(href);
		expect(refused?.status()).toBe(410);
		await expect(
			page.getByRole('heading', { name: 'This download link has been used up' })
		).toBeVisible();
		await expect(page.getByText('Each download link works 5 times.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'support@nobs-pay.dev' })).toBeVisible();
	});
});
