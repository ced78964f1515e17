import { buyWithApi, expect, test } from './support/fixtures';

test('20 concurrent downloads of a fresh link give exactly 5 ZIPs and 15 refusals', async ({
	request,
	stripe
}) => {
	const { downloadTokens } = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-enterprise', quantity: 1 }]
	});
	const [token] = downloadTokens;
	expect(token).toBeDefined();

	const responses = await Promise.all(
		Array.from({ length: 20 }, () => request.get(`/download/${token}`))
	);
	const statuses = responses.map((response) => response.status());
	expect(statuses.filter((status) => status === 200)).toHaveLength(5);
	expect(statuses.filter((status) => status === 410)).toHaveLength(15);
	for (const response of responses.filter((r) => r.status() === 200)) {
		expect(response.headers()['content-type']).toBe('application/zip');
	}

	const status = await request.get(`/downloads/${token}`);
	expect(await status.text()).toContain('This link has been used the maximum of 5 times.');
});

test('HEAD, prefetches and the status page count nothing; its button downloads one ZIP', async ({
	page,
	request,
	stripe
}) => {
	const { downloadTokens } = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }]
	});
	const [token] = downloadTokens;

	const head = await request.head(`/download/${token}`);
	expect(head.status()).toBe(200);
	expect(head.headers()['content-type']).toBe('application/zip');
	const prefetch = await request.get(`/download/${token}`, {
		headers: { 'sec-purpose': 'prefetch' }
	});
	expect(prefetch.status()).toBe(503);

	await page.goto(`/downloads/${token}`);
	await expect(page.getByText('5 of 5')).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download the ZIP' }).click()
	]);
	expect(download.suggestedFilename()).toBe('bundle-starter.zip');
	const zip = await (await download.createReadStream()).toArray().then(Buffer.concat);
	// "PK\x03\x04" opens every ZIP.
	expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

	await page.reload();
	await expect(page.getByText('4 of 5')).toBeVisible();
});
