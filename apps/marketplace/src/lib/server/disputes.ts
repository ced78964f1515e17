import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './db/index.js';
import { downloadGrants, licenseKeys, orders } from './db/schema.js';

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
