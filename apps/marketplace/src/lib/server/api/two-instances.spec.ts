import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planLimits, type PlanLimits } from '../../catalog.js';
import { usageDaily } from '../db/schema.js';
import { entitlement, freshPrefix, startApiInstance, type ApiInstance } from '../testing/api.js';
import { describeEachDriver } from '../testing/databases.js';
import type { Entitlement } from './types.js';

// Two app instances on one database: with one Redis they share limits and revocations (CI sets
// REDIS_URL, and scripts/test.mjs refuses to run without it); without Redis each counts alone
// and a revoked key still stops everywhere within a second (the key cache lives one second).
const limitsOf = (planId: string): PlanLimits | undefined =>
	planId === 'api-five'
		? { requestsPerMinute: 5, callsPerPeriod: 1_000, beyondQuota: 'block' }
		: planLimits(planId);

async function refusedWithin(instances: ApiInstance[], key: string, ms: number): Promise<number> {
	const started = Date.now();
	for (;;) {
		const statuses = await Promise.all(
			instances.map(async (api) => (await api.call('GET', '/products', { key })).status)
		);
		if (statuses.every((status) => status === 401)) return Date.now() - started;
		if (Date.now() - started > ms)
			throw new Error(`Still accepted after ${ms} ms: ${statuses.join(', ')}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Issues a license on `a`, validates it on both (caching it), revokes it on `a`: both say REVOKED within a second. */
async function licenseRevokedEverywhere(
	a: ApiInstance,
	b: ApiInstance,
	key: string
): Promise<number> {
	const product = (await a.call('POST', '/products', { key, body: { name: 'p' } })).body;
	const license = (await a.call('POST', '/licenses', { key, body: { product: product.id } })).body;
	const validate = (api: ApiInstance) =>
		api.call('POST', '/licenses/validate', { key, body: { key: license.key } });
	for (const api of [a, b]) expect((await validate(api)).body.code).toBe('VALID');
	await a.call('DELETE', `/licenses/${license.id}`, { key });
	const started = Date.now();
	for (;;) {
		const codes = await Promise.all([a, b].map(async (api) => (await validate(api)).body.code));
		if (codes.every((code) => code === 'REVOKED')) return Date.now() - started;
		if (Date.now() - started > 1_200) throw new Error(`Still ${codes.join(', ')} after 1.2 s`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describeEachDriver('two app instances', (database) => {
	const entitlements = new Map<string, Entitlement>();
	let account = 0;
	const subscriber = async (api: ApiInstance, planId: string) => {
		const accountId = `acct_two_${++account}_${Date.now()}`;
		entitlements.set(accountId, entitlement(accountId, planId));
		return {
			accountId,
			key: (await api.keys.create({ accountId, name: 't', expiresInDays: null })).secret
		};
	};
	const callsRecorded = async (accountId: string) => {
		const rows = await database().db.select().from(usageDaily);
		return rows
			.filter(
				(row) => row.customer === `cus_${accountId.replace(/\W/g, '')}` && row.meter === 'api_calls'
			)
			.reduce((sum, row) => sum + row.quantity, 0);
	};

	describe.skipIf(!process.env.REDIS_URL)('sharing one Redis', () => {
		let a: ApiInstance;
		let b: ApiInstance;
		beforeAll(async () => {
			const keyPrefix = freshPrefix();
			const options = {
				db: database().db,
				entitlements,
				redisUrl: process.env.REDIS_URL,
				keyPrefix,
				limitsOf
			};
			[a, b] = await Promise.all([startApiInstance(options), startApiInstance(options)]);
		});
		afterAll(async () => {
			await Promise.all([a?.stop(), b?.stop()]);
		});

		it('lets exactly N of M concurrent calls through across both, and counts exactly those', async () => {
			const { accountId, key } = await subscriber(a, 'api-five');
			const answers = await Promise.all(
				Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).call('GET', '/products', { key }))
			);
			const statuses = answers.map((answer) => answer.status);
			expect(statuses.filter((status) => status === 200)).toHaveLength(5);
			expect(statuses.filter((status) => status === 429)).toHaveLength(19);
			await Promise.all([a.meter.flush(), b.meter.flush()]);
			expect(await callsRecorded(accountId)).toBe(5);
		});

		it('refuses a revoked key on both within one second', async () => {
			const { accountId } = await subscriber(a, 'api-pro');
			const created = await a.keys.create({ accountId, name: 'r', expiresInDays: null });
			expect((await a.call('GET', '/products', { key: created.secret })).status).toBe(200);
			expect((await b.call('GET', '/products', { key: created.secret })).status).toBe(200);
			await a.keys.revoke(accountId, created.key.id);
			expect(await refusedWithin([a, b], created.secret, 1_000)).toBeLessThan(1_000);
		});

		it('answers REVOKED for a revoked license on both within one second', async () => {
			const { key } = await subscriber(a, 'api-pro');
			expect(await licenseRevokedEverywhere(a, b, key)).toBeLessThan(1_000);
		});

		it('refuses a rolled key on both within one second', async () => {
			const { accountId } = await subscriber(a, 'api-pro');
			const created = await b.keys.create({ accountId, name: 'r', expiresInDays: null });
			await Promise.all([a, b].map((api) => api.call('GET', '/products', { key: created.secret })));
			const rolled = await b.keys.roll(accountId, created.key.id);
			expect(await refusedWithin([a, b], created.secret, 1_000)).toBeLessThan(1_000);
			expect((await a.call('GET', '/products', { key: rolled!.secret })).status).toBe(200);
		});

		it('runs and counts once the same Idempotency-Key sent to both', async () => {
			const { accountId, key } = await subscriber(a, 'api-pro');
			const send = (api: ApiInstance) =>
				api.call('POST', '/products', {
					key,
					body: { name: 'Twice' },
					headers: { 'idempotency-key': 'same-key' }
				});
			const first = await Promise.all([send(a), send(b)]);
			// One ran; the other replayed it or, while it was still running, was told to retry.
			expect(first.map((answer) => answer.status).sort()).toSatisfy(
				(statuses: number[]) => statuses[0] === 201 && (statuses[1] === 201 || statuses[1] === 409)
			);
			const retried = await Promise.all([send(a), send(b)]);
			const created = first.find((answer) => answer.status === 201)!.body;
			for (const answer of retried) expect([answer.status, answer.body]).toEqual([201, created]);
			await Promise.all([a.meter.flush(), b.meter.flush()]);
			expect(await callsRecorded(accountId)).toBe(1);
			const listed = await a.call('GET', '/products', { key });
			expect(listed.body.data).toHaveLength(1);
		});
	});

	describe('without Redis', () => {
		let a: ApiInstance;
		let b: ApiInstance;
		beforeAll(async () => {
			[a, b] = await Promise.all([
				startApiInstance({ db: database().db, entitlements, limitsOf }),
				startApiInstance({ db: database().db, entitlements, limitsOf })
			]);
		});
		afterAll(async () => {
			await Promise.all([a?.stop(), b?.stop()]);
		});

		it('still answers REVOKED for a license revoked on the other instance within one second', async () => {
			const { key } = await subscriber(a, 'api-pro');
			expect(await licenseRevokedEverywhere(a, b, key)).toBeLessThanOrEqual(1_200);
		});

		it('still refuses a key revoked on one instance on the other within one second', async () => {
			const { accountId } = await subscriber(a, 'api-pro');
			const created = await a.keys.create({ accountId, name: 'r', expiresInDays: null });
			await Promise.all([a, b].map((api) => api.call('GET', '/products', { key: created.secret })));
			await a.keys.revoke(accountId, created.key.id);
			expect((await a.call('GET', '/products', { key: created.secret })).status).toBe(401);
			expect(await refusedWithin([a, b], created.secret, 1_200)).toBeLessThanOrEqual(1_200);
		});
	});
});
