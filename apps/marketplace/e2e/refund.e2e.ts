import { buyWithApi, expect, test } from './support/fixtures';

test('a refund marks the order refunded and revokes its download link and licence key', async ({
	page,
	request,
	stripe
}) => {
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }]
	});
	const [token] = order.downloadTokens;
	expect(token).toBeDefined();
	expect((await request.get(`/download/${token}`)).status()).toBe(200);

	await stripe.refunds.create({ payment_intent: order.paymentIntentId });

	// charge.refunded reaches the app through the sandbox's webhook delivery.
	await expect
		.poll(async () => (await request.get(order.orderUrl)).text(), { timeout: 120_000 })
		.toContain('This order was refunded');
	await page.goto(order.orderUrl);
	await expect(
		page.getByRole('status').filter({ hasText: 'This order was refunded' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: /^Download / })).toHaveCount(0);
	await expect(page.getByTestId('license-key')).toHaveCount(0);

	const download = await page.goto(`/download/${token}`);
	expect(download?.status()).toBe(410);
	await expect(page.getByRole('heading', { name: 'This download link was revoked' })).toBeVisible();

	const licence = await request.post('/api/licenses/validate', { data: { key: order.licenseKey } });
	expect(await licence.json()).toMatchObject({ status: 'revoked' });
});
