import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../db/index.js';

/**
 * Stripe's refunds into the `refunds` table, one row per refund id, so the analytics count each
 * refund (partial or full) on its own date. The smallest version the dashboard needs; the
 * customers lane owns refunds from the admin and may fold this into its own module.
 */

const refundSchema = z.object({
	id: z.string().startsWith('re_'),
	amount: z.number().int().positive(),
	currency: z.string().min(3).max(3),
	payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullable(),
	/** Seconds since the epoch. */
	created: z.number().int().positive(),
	reason: z.string().nullable().optional(),
	status: z.string().nullable().optional()
});

export type RefundOutcome = 'recorded' | 'already-recorded' | 'unknown-order' | 'not-succeeded';

/**
 * Records a Stripe refund (`refund.created`) against the order of its PaymentIntent, once: a
 * redelivered event finds its id taken and changes nothing. A refund that has not succeeded
 * (`pending`, `failed`) gives no money back, so it is not counted.
 */
export async function recordRefund(db: Db, input: unknown): Promise<RefundOutcome> {
	const refund = refundSchema.parse(input);
	if (refund.status && refund.status !== 'succeeded') return 'not-succeeded';
	const paymentIntentId =
		typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
	if (!paymentIntentId) return 'unknown-order';
	const inserted = await queryRows<{ id: string }>(
		db,
		sql`insert into refunds (id, order_id, amount, currency, reason, created_at)
			select ${refund.id}, o.id, ${refund.amount}, ${refund.currency.toLowerCase()},
				${refund.reason ?? null}, to_timestamp(${refund.created})
			from orders o where o.payment_intent_id = ${paymentIntentId}
			on conflict (id) do nothing
			returning id`
	);
	if (inserted.length > 0) return 'recorded';
	const [known] = await queryRows<{ id: string }>(
		db,
		sql`select id from refunds where id = ${refund.id}`
	);
	return known ? 'already-recorded' : 'unknown-order';
}
