import { fromMajor } from '@nobs-pay/svelte/server';
import { and, eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { adminAuditLog, orders } from '../db/schema.js';
import { applyRefund, auditOnce, refundedAmount } from '../refunds.js';
import { hashToken } from '../tokens.js';

/** The refund form: the amount in major units as typed ("12.50"), a reason, the form's key. */
export const refundRequestSchema = z.object({
	orderId: z.string().regex(/^ord_[\w-]{1,40}$/),
	amount: z.string().trim().min(1).max(20),
	reason: z.string().trim().min(3, 'Say why, in a few words.').max(500),
	/** Generated when the form is rendered: a double click sends the same key and refunds once. */
	key: z.uuid()
});

export type RefundRequestResult =
	| { ok: true; amount: number; currency: string; full: boolean; pending: boolean }
	| { ok: false; error: string };

const AUDIT_ACTION = 'order.refund';

/**
 * Refunds part or all of a paid order from the back office. Stripe orders are refunded through
 * `stripe.refunds.create` with an idempotency key derived from the form's key, so a double click or
 * a retried request refunds once; the refund is recorded at once (the webhook then finds it there).
 * Orders of other sources are recorded here only: their money goes back on that platform, by hand.
 * The amount is never more than what is left; the server reads the order, never a client total.
 * @example await requestRefund(db, stripe, { actor: locals.admin.actor, input: Object.fromEntries(form) });
 */
export async function requestRefund(
	db: Db,
	stripe: Stripe,
	{ actor, input }: { actor: string; input: unknown }
): Promise<RefundRequestResult> {
	const parsed = refundRequestSchema.safeParse(input);
	if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
	const { orderId, reason, key } = parsed.data;
	const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
	if (!order) return { ok: false, error: 'This order does not exist.' };

	const done = await earlierAttempt(db, orderId, key);
	if (done) return done;
	if (order.status !== 'paid') return { ok: false, error: `This order is ${order.status}.` };

	let amount: number;
	try {
		amount = fromMajor({ value: parsed.data.amount, currency: order.currency }).amount;
	} catch (error) {
		return { ok: false, error: `The amount is not valid: ${(error as Error).message}` };
	}
	const left = order.amount - (await refundedAmount(db, orderId));
	if (amount <= 0 || amount > left) {
		return { ok: false, error: `The amount must be more than zero and at most what is left.` };
	}
	const via = order.source === 'stripe' ? 'stripe' : 'recorded';
	const audit = {
		actor,
		action: AUDIT_ACTION,
		target: orderId,
		details: { amount, currency: order.currency, reason, via, key }
	};

	if (order.source !== 'stripe') {
		const result = await applyRefund(db, {
			order: { orderId },
			refund: {
				id: `${order.source}_re_${hashToken(`${orderId}:${key}`).slice(0, 24)}`,
				amount,
				currency: order.currency,
				reason
			},
			audit,
			capped: true
		});
		if (result.outcome === 'exceeds-order')
			return { ok: false, error: 'That is more than what is left.' };
		if (!('full' in result)) return { ok: false, error: 'The refund could not be recorded.' };
		return { ok: true, amount, currency: order.currency, full: result.full, pending: false };
	}

	if (!order.paymentIntentId) return { ok: false, error: 'This order has no Stripe payment.' };
	let refund: Stripe.Refund;
	try {
		refund = await stripe.refunds.create(
			{
				payment_intent: order.paymentIntentId,
				amount,
				reason: 'requested_by_customer',
				metadata: { order_id: orderId, reason }
			},
			{ idempotencyKey: `admin-refund:${orderId}:${key}` }
		);
	} catch (error) {
		if (error instanceof Stripe.errors.StripeError) {
			return { ok: false, error: `Stripe refused the refund: ${error.message}` };
		}
		throw error;
	}
	if (refund.status !== 'succeeded') {
		// Not money back yet: the webhook records it when Stripe says it succeeded.
		await auditOnce(
			db,
			{ ...audit, details: { ...audit.details, status: refund.status } },
			refund.id
		);
		return { ok: true, amount, currency: order.currency, full: false, pending: true };
	}
	const result = await applyRefund(db, {
		order: { orderId },
		refund: { id: refund.id, amount: refund.amount, currency: refund.currency, reason },
		audit
	});
	if (!('full' in result))
		return { ok: false, error: `The refund could not be recorded (${result.outcome}).` };
	return { ok: true, amount, currency: order.currency, full: result.full, pending: false };
}

/** The answer to a form already sent: its key is in the audit log with the refund it made. */
async function earlierAttempt(
	db: Db,
	orderId: string,
	key: string
): Promise<RefundRequestResult | undefined> {
	const [entry] = await db
		.select({ details: adminAuditLog.details })
		.from(adminAuditLog)
		.where(
			and(
				eq(adminAuditLog.action, AUDIT_ACTION),
				eq(adminAuditLog.target, orderId),
				sql`${adminAuditLog.details}->>'key' = ${key}`
			)
		);
	if (!entry) return undefined;
	const [order] = await db
		.select({ status: orders.status })
		.from(orders)
		.where(eq(orders.id, orderId));
	return {
		ok: true,
		amount: Number(entry.details.amount),
		currency: String(entry.details.currency),
		full: order?.status === 'refunded',
		pending: entry.details.status === 'pending'
	};
}
