import type { WebhookEvent, WebhookEventType } from '@nobs-pay/svelte/server';
import { eq } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import { orders } from './db/schema.js';
import { consumeDownload } from './downloads.js';
import { describeEachDriver } from './testing/databases.js';
import { pendingOrder } from './testing/orders.js';
import { deriveDownloadToken } from './tokens.js';
import { marketplaceWebhookHandlers } from './webhooks.js';

// Only the fields the handlers read; the rest of Stripe's payload is irrelevant here.
function event<T extends WebhookEventType>(
	type: T,
	object: Record<string, unknown>
): WebhookEvent<T> {
	return { id: `evt_${type}`, type, data: { object } } as unknown as WebhookEvent<T>;
}

describeEachDriver('marketplace webhook handlers', (database) => {
	function handlers() {
		const onIgnored = vi.fn();
		const onFulfilled = vi.fn();
		const on = marketplaceWebhookHandlers({ db: database().db, onIgnored, onFulfilled });
		const succeeded = on['payment_intent.succeeded'];
		const failed = on['payment_intent.payment_failed'];
		const refunded = on['charge.refunded'];
		if (!succeeded || !failed || !refunded) throw new Error('A handler is missing.');
		return { succeeded, failed, refunded, onIgnored, onFulfilled };
	}

	it('fulfils on payment_intent.succeeded and reports it once', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);
		const { succeeded, onFulfilled } = handlers();
		const paid = event('payment_intent.succeeded', {
			id: paymentIntentId,
			amount_received: amount,
			currency: 'usd'
		});
		await succeeded(paid);
		await succeeded(paid);
		expect(onFulfilled.mock.calls).toEqual([[orderId]]);
		const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
		expect(order?.status).toBe('paid');
	});

	it('resolves without fulfilling when the amount is wrong, so Stripe does not retry for days', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);
		const { succeeded, onIgnored, onFulfilled } = handlers();
		await succeeded(
			event('payment_intent.succeeded', {
				id: paymentIntentId,
				amount_received: amount - 100,
				currency: 'usd'
			})
		);
		expect(onFulfilled).not.toHaveBeenCalled();
		expect(onIgnored.mock.calls[0]?.[1]).toMatchObject({ outcome: 'amount-mismatch', orderId });
	});

	it('ignores, without throwing, a payment of another app whose amount no order could hold', async () => {
		const { succeeded, onIgnored, onFulfilled } = handlers();
		await succeeded(
			event('payment_intent.succeeded', {
				id: 'pi_someone_else',
				amount_received: 1_500_000_000,
				currency: 'idr'
			})
		);
		expect(onFulfilled).not.toHaveBeenCalled();
		expect(onIgnored.mock.calls[0]?.[1]).toMatchObject({ outcome: 'unknown-order' });
	});

	it('marks a failed payment and revokes access only on a full refund', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		const { succeeded, failed, refunded, onIgnored } = handlers();
		await failed(event('payment_intent.payment_failed', { id: paymentIntentId }));
		const [failedOrder] = await db.select().from(orders).where(eq(orders.id, orderId));
		expect(failedOrder?.status).toBe('failed');
		await succeeded(
			event('payment_intent.succeeded', {
				id: paymentIntentId,
				amount_received: amount,
				currency: 'usd'
			})
		);

		await refunded(
			event('charge.refunded', {
				id: 'ch_1',
				payment_intent: paymentIntentId,
				refunded: false,
				refunds: {
					object: 'list',
					data: [
						{
							id: 're_1',
							amount: 100,
							currency: 'usd',
							status: 'succeeded',
							payment_intent: paymentIntentId
						}
					]
				}
			})
		);
		expect(onIgnored).not.toHaveBeenCalled();
		expect(await consumeDownload(db, deriveDownloadToken(accessToken, 0))).toMatchObject({
			ok: true
		});

		await refunded(
			event('charge.refunded', {
				id: 'ch_1',
				payment_intent: { id: paymentIntentId },
				refunded: true
			})
		);
		expect(await consumeDownload(db, deriveDownloadToken(accessToken, 0))).toEqual({
			ok: false,
			reason: 'revoked'
		});
	});
});
