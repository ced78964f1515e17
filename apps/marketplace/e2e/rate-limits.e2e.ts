import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { errorBodySchema, expect, test } from './support/fixtures';
import { START_CEILING_MS, useOwnStack } from './support/stack';

// Its own app with low limits: the shared server's are raised, as every test calls from 127.0.0.1.
const startOwnStack = useOwnStack();
let api: APIRequestContext | undefined;

test.afterEach(async () => {
	await api?.dispose();
	api = undefined;
});

test('checkout and license validation answer 429 with Retry-After past their per-IP limit', async ({
	stack: { driver }
}) => {
	test.setTimeout(START_CEILING_MS + 120_000);
	const own = await startOwnStack({
		driver,
		name: 'nobs_e2e_rate_limits',
		deliverWebhooks: false,
		// Its own counters: with REDIS_URL set, every app of the run shares one Redis.
		env: {
			RATE_LIMIT_CHECKOUT: '2',
			RATE_LIMIT_LICENSES: '3',
			RATE_LIMIT_PREFIX: `nobs_e2e_${driver}_${Date.now()}`
		}
	});
	api = await playwrightRequest.newContext({ baseURL: own.origin });

	const checkout = () =>
		api!.post('/api/checkout', {
			data: { items: [{ sku: 'bundle-starter', quantity: 1 }], email: 'buyer@example.com' }
		});
	expect((await checkout()).status()).toBe(200);
	expect((await checkout()).status()).toBe(200);
	const refused = await checkout();
	expect(refused.status()).toBe(429);
	expect(Number(refused.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
	expect(errorBodySchema.parse(await refused.json()).error.code).toBe('rate_limited');

	const validate = () => api!.post('/api/licenses/validate', { data: { key: 'NOBS-UNKNOWN' } });
	for (let i = 0; i < 3; i++) expect((await validate()).status()).toBe(200);
	const tooMany = await validate();
	expect(tooMany.status()).toBe(429);
	expect(tooMany.headers()['retry-after']).toMatch(/^\d+$/);
});
