import { flushUsage } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { planLimits, type PlanLimits } from '../../catalog.js';
import { apiIdempotency, usageOutbox } from '../db/schema.js';
import { entitlement, startApiInstance, type ApiInstance } from '../testing/api.js';
import { describeEachDriver } from '../testing/databases.js';
import type { Entitlement } from './types.js';
import type { UsageAlert } from './usage-alerts.js';

const DAY = 86_400_000;
// Small plans, so a test can reach their limits; the catalog's plans are checked by name below.
const testPlans: Record<string, PlanLimits> = {
	'api-small': { requestsPerMinute: 5, callsPerPeriod: 1_000, beyondQuota: 'block' },
	'api-capped': { requestsPerMinute: 1_000, callsPerPeriod: 3, beyondQuota: 'block' },
	'api-metered': { requestsPerMinute: 1_000, callsPerPeriod: 2, beyondQuota: 'bill' }
};
const limitsOf = (planId: string) => testPlans[planId] ?? planLimits(planId);

describeEachDriver('License API', (database) => {
	let clock = Date.now();
	const entitlements = new Map<string, Entitlement>();
	let api: ApiInstance;
	let account = 0;
	const alerts: UsageAlert[] = [];

	/** A new account on `planId` and a key of it. */
	const subscriber = async (planId = 'api-pro', overrides: Partial<Entitlement> = {}) => {
		const accountId = `acct_${++account}_${Date.now()}`;
		entitlements.set(accountId, entitlement(accountId, planId, overrides));
		const { secret } = await api.keys.create({ accountId, name: 'test', expiresInDays: null });
		return { accountId, key: secret };
	};

	beforeAll(async () => {
		api = await startApiInstance({
			db: database().db,
			entitlements,
			redisUrl: process.env.REDIS_URL,
			limitsOf,
			sendUsageAlert: async (alert) => {
				alerts.push(alert);
			},
			now: () => clock
		});
	});
	afterAll(async () => {
		await api?.stop();
	});

	it('answers 401 invalid_api_key without a valid key', async () => {
		for (const key of [undefined, 'nope', 'nobs_test_111111111111111111111111111111']) {
			const answer = await api.call('GET', '/products', { key });
			expect(answer.status).toBe(401);
			expect(answer.body.error.code).toBe('invalid_api_key');
			expect(answer.headers.get('www-authenticate')).toBe('Bearer');
		}
	});

	it('answers 403 plan_required to an account without a plan and after a canceled period', async () => {
		const { accountId, key } = await subscriber();
		entitlements.delete(accountId);
		expect((await api.call('GET', '/products', { key })).body.error.code).toBe('plan_required');

		const canceled = await subscriber('api-pro', {
			status: 'canceled',
			currentPeriodEnd: new Date(clock + 1_000)
		});
		expect((await api.call('GET', '/products', { key: canceled.key })).status).toBe(200);
		const ending = await subscriber('api-pro', {
			cancelAtPeriodEnd: true,
			currentPeriodEnd: new Date(clock - 1_000)
		});
		const refused = await api.call('GET', '/products', { key: ending.key });
		expect([refused.status, refused.body.error.code]).toEqual([403, 'plan_required']);
	});

	it('keeps a past-due plan working for 7 days, then answers 402 subscription_past_due', async () => {
		const recent = await subscriber('api-pro', {
			status: 'past_due',
			pastDueSince: new Date(clock - 6 * DAY)
		});
		expect((await api.call('GET', '/products', { key: recent.key })).status).toBe(200);
		const late = await subscriber('api-pro', {
			status: 'past_due',
			pastDueSince: new Date(clock - 7 * DAY - 1_000)
		});
		const refused = await api.call('GET', '/products', { key: late.key });
		expect([refused.status, refused.body.error.code]).toEqual([402, 'subscription_past_due']);
	});

	it('creates and lists products, issues, reads and revokes licenses, of the account only', async () => {
		const { key } = await subscriber();
		const other = await subscriber();
		const product = await api.call('POST', '/products', { key, body: { name: 'Desktop app' } });
		expect(product.status).toBe(201);
		expect(product.body).toMatchObject({ object: 'product', name: 'Desktop app' });
		expect((await api.call('GET', '/products', { key })).body.data).toEqual([product.body]);
		expect((await api.call('GET', '/products', { key: other.key })).body.data).toEqual([]);

		const issued = await api.call('POST', '/licenses', {
			key,
			body: { product: product.body.id, maxActivations: 2 }
		});
		expect(issued.status).toBe(201);
		expect(issued.body.key).toMatch(/^lk_/);
		expect(issued.body).toMatchObject({ status: 'active', maxActivations: 2, activations: 0 });
		const { key: licenseKey, ...license } = issued.body;
		expect((await api.call('GET', `/licenses/${license.id}`, { key })).body).toEqual(license);
		expect(JSON.stringify(license)).not.toContain(licenseKey.slice(3));

		const foreign = await api.call('POST', '/licenses', {
			key: other.key,
			body: { product: product.body.id }
		});
		expect([foreign.status, foreign.body.error.field]).toEqual([400, 'product']);
		expect((await api.call('GET', `/licenses/${license.id}`, { key: other.key })).status).toBe(404);
		expect((await api.call('DELETE', `/licenses/${license.id}`, { key: other.key })).status).toBe(
			404
		);
		const check = await api.call('POST', '/licenses/validate', {
			key: other.key,
			body: { key: licenseKey }
		});
		expect(check.body).toEqual({ valid: false, code: 'NOT_FOUND', license: null });

		const revoked = await api.call('DELETE', `/licenses/${license.id}`, { key });
		expect(revoked.body).toMatchObject({ status: 'revoked' });
		const after = await api.call('POST', '/licenses/validate', { key, body: { key: licenseKey } });
		expect(after.body).toMatchObject({
			valid: false,
			code: 'REVOKED',
			license: { id: license.id }
		});
	});

	it('validates, activates up to the limit, deactivates, and tells expired keys', async () => {
		const { key } = await subscriber();
		const product = (await api.call('POST', '/products', { key, body: { name: 'Plugin' } })).body;
		const issue = async (body: object) =>
			(await api.call('POST', '/licenses', { key, body: { product: product.id, ...body } })).body;
		const one = await issue({ maxActivations: 1 });
		const check = async (action: string, body: object) =>
			(await api.call('POST', `/licenses/${action}`, { key, body: { key: one.key, ...body } }))
				.body;

		expect(await check('validate', {})).toMatchObject({ valid: true, code: 'VALID' });
		expect(await check('activate', { instance: 'laptop' })).toMatchObject({
			code: 'VALID',
			license: { activations: 1 }
		});
		// The same instance again is the same activation.
		expect(await check('activate', { instance: 'laptop' })).toMatchObject({
			code: 'VALID',
			license: { activations: 1 }
		});
		expect(await check('activate', { instance: 'desktop' })).toMatchObject({
			valid: false,
			code: 'ACTIVATION_LIMIT'
		});
		expect(await check('validate', {})).toMatchObject({
			code: 'VALID',
			license: { id: one.id, activations: 1 }
		});
		expect(await check('deactivate', { instance: 'laptop' })).toMatchObject({
			code: 'VALID',
			license: { activations: 0 }
		});
		expect(await check('activate', { instance: 'desktop' })).toMatchObject({
			code: 'VALID',
			license: { activations: 1 }
		});
		const unknown = await api.call('POST', '/licenses/validate', {
			key,
			body: { key: 'lk_nothing' }
		});
		expect(unknown.body).toEqual({ valid: false, code: 'NOT_FOUND', license: null });

		const soon = await issue({ expires: new Date(clock + 60_000).toISOString() });
		clock += 61_000;
		const expired = await api.call('POST', '/licenses/validate', { key, body: { key: soon.key } });
		expect(expired.body).toMatchObject({
			valid: false,
			code: 'EXPIRED',
			license: { status: 'expired' }
		});
	});

	it('lets concurrent activations of different instances take only the free slots', async () => {
		const { key } = await subscriber();
		const product = (await api.call('POST', '/products', { key, body: { name: 'Race' } })).body;
		const license = (
			await api.call('POST', '/licenses', { key, body: { product: product.id, maxActivations: 3 } })
		).body;
		const answers = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				api.call('POST', '/licenses/activate', {
					key,
					body: { key: license.key, instance: `host-${i}` }
				})
			)
		);
		expect(answers.filter((answer) => answer.body.code === 'VALID')).toHaveLength(3);
		expect(answers.filter((answer) => answer.body.code === 'ACTIVATION_LIMIT')).toHaveLength(5);
	});

	it('answers 429 rate_limited with RateLimit headers past the plan’s requests per minute', async () => {
		const { key } = await subscriber('api-small');
		const statuses = [];
		let last;
		for (let i = 0; i < 7; i++) {
			last = await api.call('GET', '/products', { key });
			statuses.push(last.status);
			if (i === 0) {
				expect(last.headers.get('ratelimit-policy')).toBe(
					`"minute";q=5;w=60, "period";q=1000;w=${30 * 86_400}`
				);
				expect(last.headers.get('ratelimit')).toMatch(/^"minute";r=4;t=\d+, "period";r=999;t=\d+$/);
			}
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
		expect(last!.body.error.code).toBe('rate_limited');
		expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(last!.headers.get('ratelimit')).toMatch(/^"minute";r=0;t=\d+$/);
	});

	it('caps a blocking plan at its calls per period with 429 quota_exceeded', async () => {
		const { accountId, key } = await subscriber('api-capped');
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await api.call('GET', '/products', { key })).status);
		expect(statuses).toEqual([200, 200, 200, 429, 429]);
		const refused = await api.call('GET', '/products', { key });
		expect(refused.body.error.code).toBe('quota_exceeded');
		// The call that reached the quota emailed the 80 % and 100 % alerts, once.
		await vi.waitFor(() =>
			expect(
				alerts.filter((alert) => alert.accountId === accountId).map((alert) => alert.percent)
			).toEqual([80, 100])
		);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(86_400);
	});

	it('counts every call once and answers the usage by day', async () => {
		const { key } = await subscriber();
		for (let i = 0; i < 4; i++) await api.call('GET', '/products', { key });
		// A bad request that passed the limits was served, so it counts too.
		expect((await api.call('POST', '/products', { key, body: {} })).status).toBe(400);
		const usage = await api.call('GET', '/usage', { key });
		expect(usage.status).toBe(200);
		const today = new Date(clock).toISOString().slice(0, 10);
		// Four reads, the bad request and the usage call itself.
		expect(usage.body.total).toBe(6);
		expect(usage.body.data.at(-1)).toEqual({ day: today, calls: 6 });
		expect(usage.body.data).toHaveLength(2);
		expect(usage.body.plan).toMatchObject({
			id: 'api-pro',
			callsPerPeriod: 10_000,
			requestsPerMinute: 60
		});
		const range = await api.call('GET', `/usage?from=${today}&to=${today}`, { key });
		expect(range.body.data).toEqual([{ day: today, calls: 7 }]);
	});

	it('replays a POST with the same Idempotency-Key and counts it once', async () => {
		const { key } = await subscriber();
		const headers = { 'idempotency-key': 'create-product-1' };
		const first = await api.call('POST', '/products', { key, body: { name: 'Once' }, headers });
		const again = await api.call('POST', '/products', { key, body: { name: 'Once' }, headers });
		expect(again.status).toBe(201);
		expect(again.body).toEqual(first.body);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect((await api.call('GET', '/products', { key })).body.data).toHaveLength(1);
		const reused = await api.call('POST', '/products', { key, body: { name: 'Other' }, headers });
		expect([reused.status, reused.body.error.code]).toEqual([400, 'idempotency_key_reused']);
		// Create, the list call and this usage call: the replay and the refused reuse are not counted.
		expect((await api.call('GET', '/usage', { key })).body.total).toBe(3);
	});

	it('sends the RateLimit headers with 400, 404 and 405 answers too, and counts those calls', async () => {
		const { key } = await subscriber('api-small');
		const answers = [
			await api.call('GET', '/nothing-here', { key }),
			await api.call('PUT', '/products', { key }),
			await api.call('POST', '/products', { key, raw: '{not json' }),
			await api.call('POST', '/products', { key, body: { name: '' } })
		];
		expect(answers.map((answer) => [answer.status, answer.body.error.code])).toEqual([
			[404, 'not_found'],
			[405, 'method_not_allowed'],
			[400, 'invalid_json'],
			[400, 'invalid_request']
		]);
		answers.forEach((answer, i) => {
			expect(answer.headers.get('ratelimit-policy')).toMatch(
				/^"minute";q=5;w=60, "period";q=1000;/
			);
			expect(answer.headers.get('ratelimit')).toMatch(
				new RegExp(`^"minute";r=${4 - i};t=\\d+, "period";r=${999 - i};t=\\d+$`)
			);
		});
		// Four calls of five a minute: the fifth passes, the sixth is refused.
		expect((await api.call('GET', '/products', { key })).status).toBe(200);
		expect((await api.call('GET', '/products', { key })).status).toBe(429);
	});

	it('sends the RateLimit headers with a replay, which uses none of the limits', async () => {
		const { key } = await subscriber('api-small');
		const headers = { 'idempotency-key': 'replayed-headers' };
		const first = await api.call('POST', '/products', { key, body: { name: 'Once' }, headers });
		expect(first.headers.get('ratelimit')).toMatch(/^"minute";r=4;t=\d+, "period";r=999;t=\d+$/);
		for (let i = 0; i < 6; i++) {
			const again = await api.call('POST', '/products', { key, body: { name: 'Once' }, headers });
			expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
			expect(again.headers.get('ratelimit-policy')).toMatch(/^"minute";q=5;w=60, /);
			expect(again.headers.get('ratelimit')).toMatch(/^"minute";r=4;t=\d+, "period";r=999;t=\d+$/);
		}
		const reused = await api.call('POST', '/products', { key, body: { name: 'Else' }, headers });
		expect(reused.status).toBe(400);
		expect(reused.headers.get('ratelimit')).toMatch(/^"minute";r=4;/);
	});

	it('keeps a replayed license answer sealed: its key never rests in the clear', async () => {
		const { key } = await subscriber();
		const product = await api.call('POST', '/products', { key, body: { name: 'Sealed' } });
		const headers = { 'idempotency-key': 'issue-license-1' };
		const body = { product: product.body.id };
		const first = await api.call('POST', '/licenses', { key, body, headers });
		expect(first.status).toBe(201);
		const again = await api.call('POST', '/licenses', { key, body, headers });
		expect(again.body.key).toBe(first.body.key);
		const rows = await database().db.select().from(apiIdempotency);
		const stored = rows.find((row) => row.key === 'issue-license-1');
		expect(stored?.body).toBeTruthy();
		expect(stored?.body).not.toContain(first.body.key);
	});

	it('reports the calls of a billed plan beyond its included calls to the overage meter', async () => {
		const { accountId, key } = await subscriber('api-metered');
		for (let i = 0; i < 5; i++)
			expect((await api.call('GET', '/products', { key })).status).toBe(200);
		await api.meter.flush();
		const sent: Stripe.Billing.MeterEventCreateParams[] = [];
		// The sandbox's billing meters come with another branch; this records what would be sent.
		const stripe = {
			billing: {
				meterEvents: {
					create: async (params: Stripe.Billing.MeterEventCreateParams) => sent.push(params)
				}
			}
		} as unknown as Stripe;
		const queued = await database().db.select().from(usageOutbox);
		expect(queued.length).toBeGreaterThan(0);
		await flushUsage({ stripe, store: api.usage, limit: 1000 });
		const mine = sent.filter(
			(event) => event.payload.stripe_customer_id === `cus_${accountId.replace(/\W/g, '')}`
		);
		expect(mine.map((event) => event.event_name)).toEqual(['api_overage']);
		expect(mine.reduce((sum, event) => sum + Number(event.payload.value), 0)).toBe(3);
		expect(await database().db.select().from(usageOutbox)).toEqual([]);
	});
});
