import type { InboxStore } from '@nobs-pay/svelte/server';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db/index.js';
import { stripeEvents } from './db/schema.js';

/**
 * The Stripe event inbox on the marketplace database, for `createWebhookHandler`.
 *
 * - `claim` is one statement: insert the event, or take over a pending one whose lease has
 *   expired. Concurrent deliveries of one event get exactly one 'claimed'; the others 'busy'.
 * - `complete` is called only after the handler's work committed, so a crash in between leaves a
 *   pending event that a retry claims again (handlers are idempotent, so that is safe).
 * - `release` ends the lease at once, so Stripe's next retry is not turned away as 'busy'.
 */
export function postgresInbox(db: Db): InboxStore {
	// clock_timestamp(), not now(): now() is frozen at the start of a transaction, and a lease
	// must be measured against the real time.
	const leaseEnd = (leaseMs: number) =>
		sql`clock_timestamp() + make_interval(secs => ${leaseMs / 1000})`;

	return {
		async claim(event, { leaseMs }) {
			const claimed = await db
				.insert(stripeEvents)
				.values({ id: event.id, type: event.type, lockedUntil: leaseEnd(leaseMs) })
				.onConflictDoUpdate({
					target: stripeEvents.id,
					set: { attempts: sql`${stripeEvents.attempts} + 1`, lockedUntil: leaseEnd(leaseMs) },
					setWhere: sql`${stripeEvents.status} = 'pending' and ${stripeEvents.lockedUntil} < clock_timestamp()`
				})
				.returning({ id: stripeEvents.id });
			if (claimed.length > 0) return 'claimed';

			const [existing] = await db
				.select({ status: stripeEvents.status })
				.from(stripeEvents)
				.where(eq(stripeEvents.id, event.id));
			return existing?.status === 'handled' ? 'handled' : 'busy';
		},

		async complete(eventId) {
			await db
				.update(stripeEvents)
				.set({ status: 'handled', handledAt: sql`clock_timestamp()`, lastError: null })
				.where(eq(stripeEvents.id, eventId));
		},

		async release(eventId, error) {
			await db
				.update(stripeEvents)
				.set({ lockedUntil: sql`clock_timestamp()`, lastError: error.slice(0, 2000) })
				.where(and(eq(stripeEvents.id, eventId), eq(stripeEvents.status, 'pending')));
		}
	};
}
