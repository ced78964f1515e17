import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import {
	apiIdempotency,
	authSession,
	authVerification,
	downloadGrants,
	orders,
	stripeEvents
} from '../db/schema.js';
import { purgeAbandonedReceipts } from '../email.js';

/**
 * How long what has expired is kept. Each figure is longer than anything that still reads the row:
 * - download grants: 30 days past expiry, so the admin can still see and extend a just-expired link.
 *   A revoked grant of a paid order is kept whatever its age: it is what marks a dispute's
 *   suspension (the account page refuses fresh links while one exists).
 * - sign-in links and sessions: once expired (Better Auth refuses them already).
 * - API idempotency keys: 7 days once answered (clients retry within minutes; Stripe keeps its own
 *   24 hours), 1 day when their first request never finished.
 * - webhook inbox rows: 30 days once handled. Stripe retries an event for 3 days at most, so a
 *   redelivery still finds its row; pending or failing events are never removed.
 * - receipts of checkouts never paid: 2 days (`purgeAbandonedReceipts`).
 */
export const RETENTION = {
	grantDays: 30,
	idempotencyDays: 7,
	unfinishedIdempotencyDays: 1,
	handledEventDays: 30,
	abandonedReceiptDays: 2
} as const;

/** How many rows of each kind were removed (a type, so pages can read it as a plain record). */
export type CleanupReport = {
	downloadGrants: number;
	signInVerifications: number;
	sessions: number;
	idempotencyKeys: number;
	webhookEvents: number;
	abandonedReceipts: number;
};

const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

/**
 * Removes what has expired (see `RETENTION`) and says how many rows of each kind went. Safe to run
 * at any time and from several processes: each step is one conditional DELETE.
 * @example const report = await runCleanup(db); console.info('Cleanup', report);
 */
export async function runCleanup(
	db: Db,
	retention: typeof RETENTION = RETENTION
): Promise<CleanupReport> {
	const count = async (rows: Promise<unknown[]>) => (await rows).length;
	const paidOrders = db.select({ id: orders.id }).from(orders).where(eq(orders.status, 'paid'));
	return {
		downloadGrants: await count(
			db
				.delete(downloadGrants)
				.where(
					and(
						lt(downloadGrants.expiresAt, daysAgo(retention.grantDays)),
						or(
							isNull(downloadGrants.revokedAt),
							sql`${downloadGrants.orderId} not in ${paidOrders}`
						)
					)
				)
				.returning({ id: downloadGrants.id })
		),
		signInVerifications: await count(
			db
				.delete(authVerification)
				.where(lt(authVerification.expiresAt, sql`now()`))
				.returning({ id: authVerification.id })
		),
		sessions: await count(
			db
				.delete(authSession)
				.where(lt(authSession.expiresAt, sql`now()`))
				.returning({ id: authSession.id })
		),
		idempotencyKeys: await count(
			db
				.delete(apiIdempotency)
				.where(
					or(
						and(
							isNotNull(apiIdempotency.status),
							lt(apiIdempotency.createdAt, daysAgo(retention.idempotencyDays))
						),
						and(
							isNull(apiIdempotency.status),
							lt(apiIdempotency.createdAt, daysAgo(retention.unfinishedIdempotencyDays))
						)
					)
				)
				.returning({ key: apiIdempotency.key })
		),
		webhookEvents: await count(
			db
				.delete(stripeEvents)
				.where(
					and(
						eq(stripeEvents.status, 'handled'),
						lt(stripeEvents.handledAt, daysAgo(retention.handledEventDays))
					)
				)
				.returning({ id: stripeEvents.id })
		),
		abandonedReceipts: await purgeAbandonedReceipts(db, { days: retention.abandonedReceiptDays })
	};
}
