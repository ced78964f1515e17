import type { WebhookHandlers } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Db } from './db/index.js';
import {
	recordDispute,
	restoreAfterDispute,
	suspendForDispute,
	type DisputeOutcome
} from './disputes.js';
import { fulfillOrder, markPaymentFailed, refundOrder, type FulfillOutcome } from './orders.js';
import { applyRefund, type ApplyRefundOutcome } from './refunds.js';

export interface MarketplaceWebhookOptions {
	db: Db;
	/**
	 * Asked for a charge's refunds on `charge.refunded`: Stripe's charge no longer carries them.
	 * Without it, only the refunds in the payload (the sandbox's) and `refund.*` events are recorded.
	 */
	stripe?: Stripe;
	/**
	 * Told about events that change nothing and must not be retried: an unknown PaymentIntent
	 * (another app on the same Stripe account) or an amount that does not match the order.
	 * @default console.warn
	 */
	onIgnored?: (
		message: string,
		detail:
			| FulfillOutcome
			| DisputeOutcome
			| ApplyRefundOutcome
			| { paymentIntentId: string | null }
			| { issues: string }
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
		stripe,
		onIgnored = (message, detail) => console.warn(message, detail),
		onFulfilled
	} = options;

	// A validly signed event whose fields fail our checks (a malformed or foreign payload) can never
	// succeed: it is logged and acknowledged with 200, and the inbox records it as handled. A 500
	// (or a 400: Stripe retries every non-2xx) would be retried for three days to the same end.
	// Other errors (the database is down) still throw, answer 500 and are retried.
	const tolerant = <E>(type: string, handler: (event: E) => Promise<void>) => {
		return async (event: E) => {
			try {
				await handler(event);
			} catch (error) {
				if (!(error instanceof z.ZodError)) throw error;
				onIgnored(`${type} ignored: malformed event`, { issues: z.prettifyError(error) });
			}
		};
	};

	const onDispute = async (
		type: string,
		dispute: Stripe.Dispute,
		change: (db: Db, input: { paymentIntentId: string }) => Promise<DisputeOutcome>
	) => {
		const paymentIntentId = idOf(dispute.payment_intent);
		if (!paymentIntentId) {
			onIgnored(`${type} ignored: no PaymentIntent`, { paymentIntentId });
			return;
		}
		const result = await change(db, { paymentIntentId });
		if (result.outcome === 'unknown-order') {
			onIgnored(`${type} ignored: unknown order`, result);
			return;
		}
		// After the suspension, so a dispute we cannot record still suspends access.
		await recordDispute(db, { paymentIntentId, dispute });
	};

	// Only money that has moved is recorded: a pending refund is recorded when `refund.updated`
	// says it succeeded, a failed or canceled one never.
	const onRefund = async (type: string, refund: Stripe.Refund) => {
		if (refund.status !== 'succeeded') return;
		const paymentIntentId = idOf(refund.payment_intent);
		if (!paymentIntentId) {
			onIgnored(`${type} ignored: no PaymentIntent`, { paymentIntentId });
			return;
		}
		const result = await applyRefund(db, {
			order: { paymentIntentId },
			refund: {
				id: refund.id,
				amount: refund.amount,
				currency: refund.currency,
				// The admin's own words when the refund was made from the back office.
				reason: refund.metadata?.reason ?? refund.reason
			}
		});
		if (result.outcome === 'unknown-order' || result.outcome === 'currency-mismatch') {
			onIgnored(`${type} ignored: ${result.outcome}`, result);
		}
	};

	return {
		'payment_intent.succeeded': tolerant('payment_intent.succeeded', async (event) => {
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
		}),
		'payment_intent.payment_failed': tolerant('payment_intent.payment_failed', async (event) => {
			await markPaymentFailed(db, { paymentIntentId: event.data.object.id });
		}),
		// Each refund is recorded once, by its id, whichever of these events brings it first. A
		// partial refund keeps the purchase; refunds adding up to the order's amount take access back.
		'charge.refunded': tolerant('charge.refunded', async (event) => {
			const charge = event.data.object;
			const paymentIntentId = idOf(charge.payment_intent);
			if (!paymentIntentId) {
				onIgnored('charge.refunded ignored: no PaymentIntent', { paymentIntentId });
				return;
			}
			const list = stripe
				? await stripe.refunds.list({ charge: charge.id, limit: 100 }).autoPagingToArray({
						limit: 10_000
					})
				: (charge.refunds?.data ?? []);
			for (const refund of list) await onRefund('charge.refunded', refund);
			// Stripe's own word that the charge is fully refunded, whatever we have recorded.
			if (charge.refunded) await refundOrder(db, { paymentIntentId });
		}),
		'refund.created': tolerant('refund.created', async (event) => {
			await onRefund('refund.created', event.data.object);
		}),
		'refund.updated': tolerant('refund.updated', async (event) => {
			await onRefund('refund.updated', event.data.object);
		}),
		// A dispute suspends the downloads and the license key; winning it gives them back.
		'charge.dispute.created': tolerant('charge.dispute.created', async (event) => {
			await onDispute('charge.dispute.created', event.data.object, suspendForDispute);
		}),
		'charge.dispute.closed': tolerant('charge.dispute.closed', async (event) => {
			if (event.data.object.status !== 'won') return;
			await onDispute('charge.dispute.closed', event.data.object, restoreAfterDispute);
		})
	};
}
