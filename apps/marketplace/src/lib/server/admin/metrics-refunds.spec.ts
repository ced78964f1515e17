import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { refunds } from '../db/schema.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder } from '../testing/orders.js';
import { recordRefund } from './metrics-refunds.js';

describeEachDriver('recordRefund', (database) => {
	const refund = (paymentIntent: string, id = `re_${crypto.randomUUID().replaceAll('-', '')}`) => ({
		id,
		object: 'refund',
		amount: 2_500,
		currency: 'usd',
		payment_intent: paymentIntent,
		created: Date.parse('2026-05-04T10:00:00Z') / 1000,
		reason: 'requested_by_customer',
		status: 'succeeded'
	});

	it('records a refund once, on its own date, however often the event comes', async () => {
		const { db } = database();
		const { orderId, paymentIntentId } = await pendingOrder(db);
		const event = refund(paymentIntentId);
		expect(await recordRefund(db, event)).toBe('recorded');
		expect(await recordRefund(db, event)).toBe('already-recorded');
		const rows = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ id: event.id, amount: 2_500, reason: 'requested_by_customer' });
		expect(rows[0]?.createdAt.toISOString()).toBe('2026-05-04T10:00:00.000Z');
	});

	it('keeps partial refunds of one order apart', async () => {
		const { db } = database();
		const { orderId, paymentIntentId } = await pendingOrder(db);
		await recordRefund(db, refund(paymentIntentId));
		await recordRefund(db, refund(paymentIntentId));
		expect(await db.select().from(refunds).where(eq(refunds.orderId, orderId))).toHaveLength(2);
	});

	it('ignores refunds of unknown orders and refunds that did not succeed', async () => {
		const { db } = database();
		expect(await recordRefund(db, refund('pi_unknown'))).toBe('unknown-order');
		const { paymentIntentId } = await pendingOrder(db);
		expect(await recordRefund(db, { ...refund(paymentIntentId), status: 'pending' })).toBe(
			'not-succeeded'
		);
		await expect(recordRefund(db, { ...refund(paymentIntentId), amount: -1 })).rejects.toThrow();
	});
});
