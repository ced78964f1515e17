import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiKeys } from '../db/schema.js';
import { describeEachDriver } from '../testing/databases.js';
import { createApiKeys, type ApiKeys } from './api-keys.js';
import { memoryKeyBus } from './key-bus.js';

describeEachDriver('API keys', (database) => {
	let clock = Date.now();
	let keys: ApiKeys;
	beforeAll(() => {
		keys = createApiKeys({
			db: database().db,
			mode: 'test',
			bus: memoryKeyBus(),
			now: () => clock
		});
	});
	afterAll(() => keys.close());

	it('makes a base58 key of at least 128 random bits, shown once and stored as its SHA-256', async () => {
		const { key, secret } = await keys.create({
			accountId: 'acct_1',
			name: 'CI',
			expiresInDays: null
		});
		expect(secret).toMatch(/^nobs_test_[1-9A-HJ-NP-Za-km-z]{30,}$/);
		// 58^30 > 2^175: well over 128 bits even for the shortest encoding.
		expect(secret.length - 'nobs_test_'.length).toBeGreaterThanOrEqual(30);
		expect(key).toMatchObject({
			name: 'CI',
			start: secret.slice(0, 14),
			last4: secret.slice(-4),
			expires: null
		});
		const [row] = await database().db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
		expect(JSON.stringify(row)).not.toContain(secret.slice(10));
		expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
		expect(await keys.authenticate(secret)).toEqual({ id: key.id, accountId: 'acct_1' });
		expect(await keys.list('acct_1')).toEqual([key]);
	});

	it('refuses unknown, malformed and other-mode keys', async () => {
		const { secret } = await keys.create({ accountId: 'acct_1', name: 'x', expiresInDays: null });
		expect(
			await keys.authenticate(`${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`)
		).toBeNull();
		expect(await keys.authenticate(secret.replace('nobs_test_', 'nobs_live_'))).toBeNull();
		expect(await keys.authenticate('')).toBeNull();
		expect(await keys.authenticate('nobs_test_0OIl')).toBeNull();
	});

	it('stops a revoked key at once, and only its owner may revoke it', async () => {
		const { key, secret } = await keys.create({
			accountId: 'acct_2',
			name: 'prod',
			expiresInDays: 30
		});
		expect(await keys.authenticate(secret)).not.toBeNull();
		expect(await keys.revoke('acct_other', key.id)).toBe(false);
		expect(await keys.authenticate(secret)).not.toBeNull();
		expect(await keys.revoke('acct_2', key.id)).toBe(true);
		expect(await keys.authenticate(secret)).toBeNull();
		expect(await keys.revoke('acct_2', key.id)).toBe(false);
		expect(await keys.list('acct_2')).toEqual([]);
	});

	it('rolls a key: a new secret with the same name and expiry, the old one stops', async () => {
		const old = await keys.create({ accountId: 'acct_3', name: 'staging', expiresInDays: 90 });
		await keys.authenticate(old.secret);
		expect(await keys.roll('acct_other', old.key.id)).toBeNull();
		const rolled = await keys.roll('acct_3', old.key.id);
		expect(rolled?.key).toMatchObject({ name: 'staging', expires: old.key.expires });
		expect(rolled?.secret).not.toBe(old.secret);
		expect(await keys.authenticate(old.secret)).toBeNull();
		expect(await keys.authenticate(rolled!.secret)).toMatchObject({ accountId: 'acct_3' });
		expect((await keys.list('acct_3')).map((key) => key.id)).toEqual([rolled!.key.id]);
	});

	it('stops a key when it expires, and records when a key was last used', async () => {
		const { key, secret } = await keys.create({
			accountId: 'acct_4',
			name: 'short',
			expiresInDays: 1
		});
		clock += 3_600_000;
		expect(await keys.authenticate(secret)).not.toBeNull();
		await keys.flushLastUsed();
		expect((await keys.list('acct_4'))[0]?.lastUsed?.getTime()).toBe(clock);
		clock += 86_400_000;
		expect(await keys.authenticate(secret)).toBeNull();
		expect(await keys.list('acct_4')).toEqual([]);
		expect(key.expires).not.toBeNull();
	});
});
