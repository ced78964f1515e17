import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { downloadGrants } from './db/schema.js';
import { consumeDownload, downloadStatus } from './downloads.js';
import { fulfillOrder } from './orders.js';
import { describeEachDriver } from './testing/databases.js';
import type { TestDatabase } from './testing/databases.js';
import { pendingOrder, professional } from './testing/orders.js';
import { deriveDownloadToken, hashToken } from './tokens.js';

async function freshGrant(database: TestDatabase): Promise<string> {
	const { db } = database;
	const { accessToken, paymentIntentId, amount } = await pendingOrder(db, [professional]);
	await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
	return deriveDownloadToken(accessToken, 0);
}

describeEachDriver('downloads', (database) => {
	it('allows exactly 5 of 20 concurrent downloads of a fresh grant', async () => {
		const { db } = database();
		const token = await freshGrant(database());

		const results = await Promise.all(Array.from({ length: 20 }, () => consumeDownload(db, token)));

		const successes = results.filter((result) => result.ok);
		expect(successes).toHaveLength(5);
		expect(successes.map((result) => (result.ok ? result.remaining : -1)).sort()).toEqual([
			0, 1, 2, 3, 4
		]);
		expect(results.filter((result) => !result.ok)).toEqual(
			Array.from({ length: 15 }, () => ({ ok: false, reason: 'exhausted' }))
		);
		const [grant] = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.tokenHash, hashToken(token)));
		expect(grant?.downloads).toBe(5);
	});

	it('reports what is left and refuses a sixth download as exhausted', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		expect(await downloadStatus(db, token)).toMatchObject({
			remaining: 5,
			state: 'active',
			bundleSku: 'bundle-professional'
		});
		for (let i = 0; i < 5; i++)
			expect(await consumeDownload(db, token)).toMatchObject({ ok: true, remaining: 4 - i });
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'exhausted' });
		expect(await downloadStatus(db, token)).toMatchObject({ remaining: 0, state: 'exhausted' });
	});

	it('refuses an expired link as expired', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		await db
			.update(downloadGrants)
			.set({ expiresAt: sql`now() - interval '1 second'` })
			.where(eq(downloadGrants.tokenHash, hashToken(token)));
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'expired' });
		expect(await downloadStatus(db, token)).toMatchObject({ state: 'expired', remaining: 5 });
	});

	it('refuses a revoked link as revoked, even when it also expired', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		await db
			.update(downloadGrants)
			.set({ revokedAt: sql`now()`, expiresAt: sql`now() - interval '1 day'` })
			.where(eq(downloadGrants.tokenHash, hashToken(token)));
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'revoked' });
	});

	it('refuses unknown and malformed tokens as unknown', async () => {
		const { db } = database();
		expect(await consumeDownload(db, 'A'.repeat(43))).toEqual({ ok: false, reason: 'unknown' });
		expect(await consumeDownload(db, "x' or 1=1 --")).toEqual({ ok: false, reason: 'unknown' });
		expect(await downloadStatus(db, 'A'.repeat(43))).toBeUndefined();
	});
});
