import { eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
	apiIdempotency,
	authUser,
	authVerification,
	downloadGrants,
	stripeEvents
} from '../db/schema.js';
import { fulfillOrder } from '../orders.js';
import { suspendForDispute } from '../disputes.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder, professional } from '../testing/orders.js';
import { runCleanup } from './cleanup.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describeEachDriver('cleanup', (database) => {
	it('removes what has expired, keeps what exactly-once and disputes need, and counts it', async () => {
		const { db } = database();
		const paid = async () => {
			const order = await pendingOrder(db, [professional]);
			await fulfillOrder(db, {
				paymentIntentId: order.paymentIntentId,
				amountReceived: order.amount,
				currency: 'usd'
			});
			return order;
		};
		const old = await paid();
		const disputed = await paid();
		const fresh = await paid();
		await suspendForDispute(db, { paymentIntentId: disputed.paymentIntentId });
		await db
			.update(downloadGrants)
			.set({ expiresAt: daysAgo(40) })
			.where(inArray(downloadGrants.orderId, [old.orderId, disputed.orderId]));

		await db.insert(authUser).values({ id: 'u_cleanup', name: '', email: 'c@example.com' });
		await db.insert(authVerification).values([
			{ id: 'v_old', identifier: 'a', value: 'x', expiresAt: daysAgo(1) },
			{ id: 'v_new', identifier: 'b', value: 'y', expiresAt: daysAgo(-1) }
		]);
		await db.insert(apiIdempotency).values([
			{
				accountId: 'u_cleanup',
				key: 'done-old',
				requestHash: 'h',
				status: 200,
				createdAt: daysAgo(8)
			},
			{
				accountId: 'u_cleanup',
				key: 'done-new',
				requestHash: 'h',
				status: 200,
				createdAt: daysAgo(2)
			},
			{
				accountId: 'u_cleanup',
				key: 'stuck',
				requestHash: 'h',
				status: null,
				createdAt: daysAgo(2)
			}
		]);
		await db.insert(stripeEvents).values([
			{
				id: 'evt_old',
				type: 't',
				status: 'handled',
				lockedUntil: daysAgo(40),
				handledAt: daysAgo(40)
			},
			{
				id: 'evt_recent',
				type: 't',
				status: 'handled',
				lockedUntil: daysAgo(2),
				handledAt: daysAgo(2)
			},
			{ id: 'evt_failing', type: 't', status: 'pending', lockedUntil: daysAgo(40) }
		]);

		const report = await runCleanup(db);
		expect(report).toMatchObject({
			downloadGrants: 1,
			signInVerifications: 1,
			idempotencyKeys: 2,
			webhookEvents: 1
		});
		const grantsOf = async (orderId: string) =>
			(await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId))).length;
		expect([
			await grantsOf(old.orderId),
			await grantsOf(disputed.orderId),
			await grantsOf(fresh.orderId)
		]).toEqual([0, 1, 1]);
		expect((await db.select().from(stripeEvents)).map((e) => e.id).sort()).toEqual([
			'evt_failing',
			'evt_recent'
		]);
		expect((await db.select().from(apiIdempotency)).map((row) => row.key)).toEqual(['done-new']);
		expect(await runCleanup(db)).toMatchObject({ downloadGrants: 0, webhookEvents: 0 });
	});
});
