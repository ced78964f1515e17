import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { adminAuditLog, downloadGrants } from '../db/schema.js';
import { consumeDownload } from '../downloads.js';
import { fulfillOrder } from '../orders.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder, professional } from '../testing/orders.js';
import { deriveDownloadToken } from '../tokens.js';
import { extendGrant, resetGrant, revokeGrant } from './grants.js';

const actor = 'founder@shop.dev';

async function paidGrant(db: Db) {
	const order = await pendingOrder(db, [professional]);
	await fulfillOrder(db, {
		paymentIntentId: order.paymentIntentId,
		amountReceived: order.amount,
		currency: 'usd'
	});
	const [grant] = await db
		.select()
		.from(downloadGrants)
		.where(eq(downloadGrants.orderId, order.orderId));
	if (!grant) throw new Error('No grant.');
	return { ...order, grant, token: deriveDownloadToken(order.accessToken, 0) };
}

const auditOf = (db: Db, orderId: string) =>
	db.select().from(adminAuditLog).where(eq(adminAuditLog.target, orderId));

describeEachDriver('grant actions', (database) => {
	it('reset gives all downloads back, and is logged', async () => {
		const { db } = database();
		const { orderId, grant, token } = await paidGrant(db);
		for (let i = 0; i < grant.maxDownloads; i++) await consumeDownload(db, token);
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'exhausted' });

		expect(await resetGrant(db, { actor, orderId, grantId: grant.id })).toMatchObject({ ok: true });
		expect(await consumeDownload(db, token)).toMatchObject({ ok: true, remaining: 4 });
		const [line] = await auditOf(db, orderId);
		expect(line).toMatchObject({
			actor,
			action: 'grant.reset',
			details: { grantId: grant.id, downloadsBefore: grant.maxDownloads }
		});
	});

	it('extends an expired link from now, and revokes it for good', async () => {
		const { db } = database();
		const { orderId, grant, token } = await paidGrant(db);
		await db
			.update(downloadGrants)
			.set({ expiresAt: new Date(Date.now() - 30 * 86_400_000) })
			.where(eq(downloadGrants.id, grant.id));
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'expired' });

		await extendGrant(db, { actor, orderId, grantId: grant.id, days: 3 });
		const [extended] = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.id, grant.id));
		const days = ((extended?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(2.9);
		expect(days).toBeLessThan(3.1);
		expect(await consumeDownload(db, token)).toMatchObject({ ok: true });

		expect(await revokeGrant(db, { actor, orderId, grantId: grant.id })).toMatchObject({
			ok: true
		});
		expect(await revokeGrant(db, { actor, orderId, grantId: grant.id })).toEqual({
			ok: false,
			error: 'revoked'
		});
		expect(await consumeDownload(db, token)).toEqual({ ok: false, reason: 'revoked' });
		expect((await auditOf(db, orderId)).map((line) => line.action).sort()).toEqual([
			'grant.extend',
			'grant.revoke'
		]);
	});

	it("refuses a grant named with another order's id, and logs nothing", async () => {
		const { db } = database();
		const first = await paidGrant(db);
		const second = await paidGrant(db);
		expect(
			await resetGrant(db, { actor, orderId: second.orderId, grantId: first.grant.id })
		).toEqual({ ok: false, error: 'not-found' });
		expect(await auditOf(db, second.orderId)).toEqual([]);
	});
});
