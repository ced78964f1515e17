import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit, type AuditEntry } from './admin/audit.js';
import type { Db, Tx } from './db/index.js';
import { adminAuditLog, orders, refunds } from './db/schema.js';
import { refundOrder } from './orders.js';

/** One refund as the money's platform reported it: Stripe's `re_…`, or our own id for other sources. */
export const refundRecordSchema = z.object({
	id: z.string().min(1).max(255),
	amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	currency: z.string().regex(/^[a-z]{3}$/),
	reason: z.string().max(500).nullish()
});
export type RefundRecord = z.input<typeof refundRecordSchema>;

const orderRef = z.union([
	z.object({ paymentIntentId: z.string().regex(/^pi_\w+$/) }),
	z.object({ orderId: z.string().min(1).max(64) })
]);
export type RefundOrderRef = z.input<typeof orderRef>;

export type ApplyRefundOutcome =
	| {
			/** `recorded` now, or `duplicate`: this refund id was already there (a replayed event). */
			outcome: 'recorded' | 'duplicate';
			orderId: string;
			/** Everything refunded on the order so far, in minor units. */
			refunded: number;
			/** True when the refunds add up to the order's amount: access was revoked. */
			full: boolean;
	  }
	| { outcome: 'unknown-order' }
	| { outcome: 'currency-mismatch' | 'exceeds-order'; orderId: string };

/**
 * Records one refund of an order exactly once (the refund id is the key) and, when the order's
 * refunds now add up to its amount, ends the purchase with `refundOrder` (downloads and license key
 * revoked); a partial refund leaves access alone. The order row is locked first, so two refunds of
 * one order arriving together are applied one after the other and the one that completes the
 * amount sees the other. `audit`, when given, is written once per refund in the same transaction.
 * `capped`: refuse (`exceeds-order`) a new refund that would take more than the order's amount;
 * for refunds we record ourselves (Stripe enforces this for its own).
 * @example await applyRefund(db, { order: { paymentIntentId: 'pi_…' }, refund: { id: 're_…', amount: 500, currency: 'usd' } });
 */
export async function applyRefund(
	db: Db,
	input: { order: RefundOrderRef; refund: RefundRecord; audit?: AuditEntry; capped?: boolean }
): Promise<ApplyRefundOutcome> {
	const ref = orderRef.parse(input.order);
	const refund = refundRecordSchema.parse(input.refund);
	return db.transaction(async (tx) => {
		const [order] = await tx
			.select({ id: orders.id, amount: orders.amount, currency: orders.currency })
			.from(orders)
			.where(
				'orderId' in ref
					? eq(orders.id, ref.orderId)
					: eq(orders.paymentIntentId, ref.paymentIntentId)
			)
			.for('update');
		if (!order) return { outcome: 'unknown-order' };
		if (order.currency !== refund.currency)
			return { outcome: 'currency-mismatch', orderId: order.id };
		if (input.capped) {
			const [known] = await tx.select().from(refunds).where(eq(refunds.id, refund.id));
			const before = await refundedAmount(tx, order.id);
			if (!known && before + refund.amount > order.amount) {
				return { outcome: 'exceeds-order', orderId: order.id };
			}
		}

		const inserted = await tx
			.insert(refunds)
			.values({
				id: refund.id,
				orderId: order.id,
				amount: refund.amount,
				currency: refund.currency,
				reason: refund.reason ?? null
			})
			.onConflictDoNothing({ target: refunds.id })
			.returning({ id: refunds.id });
		if (input.audit) await auditOnce(tx, input.audit, refund.id);

		const refunded = await refundedAmount(tx, order.id);
		const full = refunded >= order.amount;
		if (full) await refundOrder(tx, { orderId: order.id });
		return {
			outcome: inserted.length > 0 ? 'recorded' : 'duplicate',
			orderId: order.id,
			refunded,
			full
		};
	});
}

/** The sum of an order's recorded refunds, in minor units. */
export async function refundedAmount(db: Db | Tx, orderId: string): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
		.from(refunds)
		.where(eq(refunds.orderId, orderId));
	return row?.total ?? 0;
}

/**
 * The admin action and the webhook may both apply the same refund, in either order: the action is
 * logged once, with the refund it produced.
 */
export async function auditOnce(tx: Db | Tx, entry: AuditEntry, refundId: string): Promise<void> {
	const [existing] = await tx
		.select({ id: adminAuditLog.id })
		.from(adminAuditLog)
		.where(
			and(
				eq(adminAuditLog.action, entry.action),
				eq(adminAuditLog.target, entry.target),
				sql`${adminAuditLog.details}->>'refundId' = ${refundId}`
			)
		);
	if (!existing) await recordAudit(tx, { ...entry, details: { ...entry.details, refundId } });
}
