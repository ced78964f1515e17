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
