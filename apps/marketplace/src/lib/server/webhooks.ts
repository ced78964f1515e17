import type { WebhookHandlers } from '@nobs-pay/svelte/server';
import type { Db } from './db/index.js';
import { fulfillOrder, markPaymentFailed, refundOrder, type FulfillOutcome } from './orders.js';

export interface MarketplaceWebhookOptions {
	db: Db;
	/**
	 * Told about events that change nothing and must not be retried: an unknown PaymentIntent
	 * (another app on the same Stripe account) or an amount that does not match the order.
	 * @default console.warn
	 */
	onIgnored?: (
		message: string,
		detail: FulfillOutcome | { paymentIntentId: string | null }
	) => void;
	/** Called after an order was fulfilled now, e.g. to send the outbox at once. */
	onFulfilled?: (orderId: string) => void | Promise<void>;
}

const idOf = (value: string | { id: string } | null): string | null =>
	typeof value === 'string' ? value : (value?.id ?? null);

/**
 * The marketplace's handlers for `createWebhookHandler({ on })`. Each is idempotent on its own, so
 * a redelivery after a lease expired does no harm. Events that can never succeed resolve instead
 * of throwing: a throw answers 500, and Stripe would retry them for days.
 * @example createWebhookHandler({ stripe, secrets, inbox: postgresInbox(db), on: marketplaceWebhookHandlers({ db }) })
 */
export function marketplaceWebhookHandlers(options: MarketplaceWebhookOptions): WebhookHandlers {
	const {
		db,
		onIgnored = (message, detail) => console.warn(message, detail),
		onFulfilled
	} = options;
	return {
		'payment_intent.succeeded': async (event) => {
			const intent = event.data.object;
			const result = await fulfillOrder(db, {
				paymentIntentId: intent.id,
				amountReceived: intent.amount_received,
				currency: intent.currency
			});
			if (result.outcome === 'fulfilled') await onFulfilled?.(result.orderId);
			if (result.outcome === 'amount-mismatch' || result.outcome === 'unknown-order') {
				onIgnored(`payment_intent.succeeded not fulfilled: ${result.outcome}`, result);
			}
		},
		'payment_intent.payment_failed': async (event) => {
			await markPaymentFailed(db, { paymentIntentId: event.data.object.id });
		},
		'charge.refunded': async (event) => {
			const charge = event.data.object;
			const paymentIntentId = idOf(charge.payment_intent);
			// A partial refund keeps the purchase; only a full refund takes the access back.
			if (!paymentIntentId || !charge.refunded) {
				onIgnored('charge.refunded ignored: partial refund or no PaymentIntent', {
					paymentIntentId
				});
				return;
			}
			await refundOrder(db, { paymentIntentId });
		}
	};
}
