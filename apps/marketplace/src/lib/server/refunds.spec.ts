import type { WebhookEvent, WebhookEventType } from '@nobs-pay/svelte/server';
import { eq } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { orders, refunds } from './db/schema.js';
import { consumeDownload } from './downloads.js';
import { validateLicenseKey } from './licenses.js';
import { fulfillOrder } from './orders.js';
import { applyRefund } from './refunds.js';
import { describeEachDriver } from './testing/databases.js';
import { pendingOrder } from './testing/orders.js';
import { deriveDownloadToken, deriveLicenseKey } from './tokens.js';
import { marketplaceWebhookHandlers } from './webhooks.js';
import type { Db } from './db/index.js';

function event<T extends WebhookEventType>(
	type: T,
	object: Record<string, unknown>
): WebhookEvent<T> {
	return { id: `evt_${type}`, type, data: { object } } as unknown as WebhookEvent<T>;
}

async function paidOrder(db: Db) {
	const order = await pendingOrder(db);
	await fulfillOrder(db, {
		paymentIntentId: order.paymentIntentId,
		amountReceived: order.amount,
		currency: 'usd'
	});
	return order;
}

/** What the buyer can still use, and what the order says. */
async function state(db: Db, order: { orderId: string; accessToken: string }) {
	const [row] = await db.select().from(orders).where(eq(orders.id, order.orderId));
	const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.orderId));
	return {
		status: row?.status,
		refunds: rows.map((refund) => refund.amount).sort((a, b) => a - b),
		license: (await validateLicenseKey(db, deriveLicenseKey(order.accessToken))).status,
		download: (await consumeDownload(db, deriveDownloadToken(order.accessToken, 0))).ok
	};
}

describeEachDriver('refunds', (database) => {
	it('records a replayed refund once and keeps access after a partial refund', async () => {
		const { db } = database();
		const order = await paidOrder(db);
		const refund = { id: 're_partial_1', amount: 1_000, currency: 'usd' };
		const first = await applyRefund(db, { order: { orderId: order.orderId }, refund });
		const again = await applyRefund(db, {
			order: { paymentIntentId: order.paymentIntentId },
			refund
		});
		expect(first).toMatchObject({ outcome: 'recorded', refunded: 1_000, full: false });
		expect(again).toMatchObject({ outcome: 'duplicate', refunded: 1_000, full: false });
		expect(await state(db, order)).toEqual({
			status: 'paid',
			refunds: [1_000],
			license: 'valid',
			download: true
		});
	});

	it('revokes access once the refunds add up to the order, partial then full', async () => {
		const { db } = database();
		const order = await paidOrder(db);
		await applyRefund(db, {
			order: { orderId: order.orderId },
			refund: { id: 're_a', amount: 2_000, currency: 'usd' }
		});
		const last = await applyRefund(db, {
			order: { orderId: order.orderId },
			refund: { id: 're_b', amount: order.amount - 2_000, currency: 'usd' }
		});
		expect(last).toMatchObject({ outcome: 'recorded', refunded: order.amount, full: true });
		expect(await state(db, order)).toEqual({
			status: 'refunded',
			refunds: [2_000, order.amount - 2_000].sort((a, b) => a - b),
			license: 'revoked',
			download: false
		});
	});

	it('applies concurrent refunds one after the other, so the one that completes the amount revokes', async () => {
		const { db } = database();
		const order = await paidOrder(db);
		const half = order.amount / 2;
		expect(Number.isInteger(half)).toBe(true);
		const results = await Promise.all([
			...['re_c1', 're_c2'].map((id) =>
				applyRefund(db, {
					order: { paymentIntentId: order.paymentIntentId },
					refund: { id, amount: half, currency: 'usd' }
				})
			),
			// The same refund delivered three times at once.
			...Array.from({ length: 3 }, () =>
				applyRefund(db, {
					order: { orderId: order.orderId },
					refund: { id: 're_c1', amount: half, currency: 'usd' }
				})
			)
		]);
		expect(results.filter((r) => r.outcome === 'recorded')).toHaveLength(2);
		expect(results.some((r) => 'full' in r && r.full)).toBe(true);
		expect(await state(db, order)).toMatchObject({
			status: 'refunded',
			refunds: [half, half],
			license: 'revoked'
		});
	});

	it('refuses a refund in another currency and an unknown order', async () => {
		const { db } = database();
		const order = await paidOrder(db);
		expect(
			await applyRefund(db, {
				order: { orderId: order.orderId },
				refund: { id: 're_eur', amount: 100, currency: 'eur' }
			})
		).toEqual({ outcome: 'currency-mismatch', orderId: order.orderId });
		expect(
			await applyRefund(db, {
				order: { paymentIntentId: 'pi_nobody' },
				refund: { id: 're_x', amount: 100, currency: 'usd' }
			})
		).toEqual({ outcome: 'unknown-order' });
	});

	it('records each refund once from charge.refunded and refund.* events, in any order and replayed', async () => {
		const { db } = database();
		const order = await paidOrder(db);
		const on = marketplaceWebhookHandlers({ db, onIgnored: vi.fn() });
		const refund = (id: string, amount: number, status = 'succeeded') => ({
			id,
			object: 'refund',
			amount,
			currency: 'usd',
			status,
			reason: 'requested_by_customer',
			payment_intent: order.paymentIntentId
		});
		const partial = refund('re_w1', 5_000);
		await on['refund.created']?.(event('refund.created', partial));
		const charge = (refunded: boolean, list: unknown[]) =>
			event('charge.refunded', {
				id: 'ch_w',
				payment_intent: order.paymentIntentId,
				refunded,
				refunds: { object: 'list', data: list }
			});
		await on['charge.refunded']?.(charge(false, [partial]));
		await on['charge.refunded']?.(charge(false, [partial]));
		expect(await state(db, order)).toMatchObject({ status: 'paid', refunds: [5_000] });

		// A pending refund is not money back yet; its update to succeeded is.
		const rest = refund('re_w2', order.amount - 5_000, 'pending');
		await on['refund.created']?.(event('refund.created', rest));
		expect((await state(db, order)).refunds).toEqual([5_000]);
		await on['refund.updated']?.(event('refund.updated', { ...rest, status: 'succeeded' }));
		await on['charge.refunded']?.(charge(true, [{ ...rest, status: 'succeeded' }, partial]));
		expect(await state(db, order)).toMatchObject({
			status: 'refunded',
			refunds: [5_000, order.amount - 5_000].sort((a, b) => a - b),
			license: 'revoked',
			download: false
		});
	});
});
