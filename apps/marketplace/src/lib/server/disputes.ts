import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './db/index.js';
import { disputes, downloadGrants, licenseKeys, orders } from './db/schema.js';

const inputSchema = z.object({ paymentIntentId: z.string().regex(/^pi_\w+$/) });

export type DisputeOutcome =
	| { outcome: 'suspended' | 'restored' | 'unchanged'; orderId: string }
	| { outcome: 'unknown-order' };

/**
 * `charge.dispute.created`: the buyer's bank is taking the money back, so the order's downloads
 * and license key stop working (marked revoked) until the dispute is won. The order stays `paid`:
 * a refund, not a dispute, is what ends a purchase. Idempotent.
 */
export async function suspendForDispute(
	db: Db,
	input: { paymentIntentId: string }
): Promise<DisputeOutcome> {
	return setSuspended(db, input, true);
}

/**
 * `charge.dispute.closed` with status `won`: gives the downloads and license key back, unless the
 * order was refunded meanwhile. Idempotent.
 */
export async function restoreAfterDispute(
	db: Db,
	input: { paymentIntentId: string }
): Promise<DisputeOutcome> {
	return setSuspended(db, input, false);
}

async function setSuspended(
	db: Db,
	input: { paymentIntentId: string },
	suspended: boolean
): Promise<DisputeOutcome> {
	const { paymentIntentId } = inputSchema.parse(input);
	return db.transaction(async (tx) => {
		const [order] = await tx
			.select({ id: orders.id, status: orders.status })
			.from(orders)
			.where(eq(orders.paymentIntentId, paymentIntentId));
		if (!order) return { outcome: 'unknown-order' };
		if (order.status !== 'paid') return { outcome: 'unchanged', orderId: order.id };
		const revokedAt = suspended ? sql`now()` : null;
		const grants = await tx
			.update(downloadGrants)
			.set({ revokedAt })
			.where(
				and(
					eq(downloadGrants.orderId, order.id),
					suspended ? isNull(downloadGrants.revokedAt) : isNotNull(downloadGrants.revokedAt)
				)
			)
			.returning({ id: downloadGrants.id });
		const keys = await tx
			.update(licenseKeys)
			.set({ revokedAt })
			.where(
				and(
					eq(licenseKeys.orderId, order.id),
					suspended ? isNull(licenseKeys.revokedAt) : isNotNull(licenseKeys.revokedAt)
				)
			)
			.returning({ id: licenseKeys.id });
		const changed = grants.length + keys.length > 0;
		return {
			outcome: changed ? (suspended ? 'suspended' : 'restored') : 'unchanged',
			orderId: order.id
		};
	});
}

const disputeSchema = z.object({
	id: z.string().min(1).max(255),
	amount: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
	currency: z
		.string()
		.regex(/^[a-z]{3}$/)
		.optional(),
	reason: z.string().max(100).nullish(),
	status: z.string().min(1).max(50)
});

/**
 * Keeps the dispute (its amount, reason and Stripe's latest status) for the admin's customer page.
 * Idempotent: a redelivery or a later event of the same dispute updates the row.
 */
export async function recordDispute(
	db: Db,
	input: { paymentIntentId: string; dispute: z.input<typeof disputeSchema> }
): Promise<void> {
	const { paymentIntentId } = inputSchema.parse(input);
	const dispute = disputeSchema.parse(input.dispute);
	const [order] = await db
		.select({ id: orders.id, amount: orders.amount, currency: orders.currency })
		.from(orders)
		.where(eq(orders.paymentIntentId, paymentIntentId));
	if (!order) return;
	await db
		.insert(disputes)
		.values({
			id: dispute.id,
			orderId: order.id,
			amount: dispute.amount ?? order.amount,
			currency: dispute.currency ?? order.currency,
			reason: dispute.reason ?? null,
			status: dispute.status
		})
		.onConflictDoUpdate({
			target: disputes.id,
			set: { status: dispute.status, updatedAt: sql`now()` }
		});
}
