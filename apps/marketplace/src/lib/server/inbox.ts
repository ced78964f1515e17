import type { InboxStore } from '@nobs-pay/svelte/server';
import { and, eq, lt, sql, type Placeholder } from 'drizzle-orm';
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
 * - While the handler runs, a heartbeat renews the lease every `leaseMs / 4`. So the lease can be
 *   short (see `WEBHOOK_LEASE_MS`): a process that crashes mid-handler stops renewing it, and
 *   the event is claimable again within one lease rather than the library's 60 s default, while a
 *   live handler, however slow, keeps it and is never run twice at once.
 */
export function postgresInbox(db: Db): InboxStore {
	const heartbeats = new Map<string, NodeJS.Timeout>();
	const stopHeartbeat = (eventId: string) => {
		clearInterval(heartbeats.get(eventId));
		heartbeats.delete(eventId);
	};

	// Built once: a webhook no longer pays for drizzle assembling the same SQL on every event.
	const claim = claimStatement(db).prepare('stripe_event_claim');
	const complete = completeStatement(db).prepare('stripe_event_complete');

	return {
		async claim(event, { leaseMs }) {
			const claimed = await claim.execute({
				id: event.id,
				type: event.type,
				leaseSeconds: leaseMs / 1000
			});
			if (claimed.length > 0) {
				// Stops once the claim is gone (completed, released) or the database cannot be
				// reached; the lease then runs out as it would after a crash.
				const renew = () =>
					db
						.update(stripeEvents)
						.set({ lockedUntil: leaseEnd(leaseMs / 1000) })
						.where(and(eq(stripeEvents.id, event.id), eq(stripeEvents.status, 'pending')))
						.returning({ id: stripeEvents.id })
						.then(
							(rows) => rows.length === 0 && stopHeartbeat(event.id),
							(error) => {
								stopHeartbeat(event.id);
								console.error(`Renewing the lease of ${event.id} failed:`, error);
							}
						);
				stopHeartbeat(event.id);
				heartbeats.set(event.id, setInterval(renew, leaseMs / 4).unref());
				return 'claimed';
			}

			const [existing] = await db
				.select({ status: stripeEvents.status })
				.from(stripeEvents)
				.where(eq(stripeEvents.id, event.id));
			return existing?.status === 'handled' ? 'handled' : 'busy';
		},

		async complete(eventId) {
			stopHeartbeat(eventId);
			await complete.execute({ id: eventId });
		},

		async release(eventId, error) {
			stopHeartbeat(eventId);
			await db
				.update(stripeEvents)
				.set({ lockedUntil: sql`clock_timestamp()`, lastError: error.slice(0, 2000) })
				.where(and(eq(stripeEvents.id, eventId), eq(stripeEvents.status, 'pending')));
		}
	};
}

// clock_timestamp(), not now(): now() is frozen at the start of a transaction, and a lease
// must be measured against the real time.
const leaseEnd = (seconds: number | Placeholder) =>
	sql`clock_timestamp() + make_interval(secs => ${seconds})`;

/**
 * The claim, one statement: insert the event, or take over a pending one whose lease expired.
 * Returns the event's id when the caller now holds the claim. Built with placeholders (`id`,
 * `type`, `leaseSeconds`) so the inbox prepares it once; exported for the benchmark, which sends
 * the same statements straight to the driver.
 */
export function claimStatement(db: Db) {
	const lease = leaseEnd(sql.placeholder('leaseSeconds'));
	return db
		.insert(stripeEvents)
		.values({ id: sql.placeholder('id'), type: sql.placeholder('type'), lockedUntil: lease })
		.onConflictDoUpdate({
			target: stripeEvents.id,
			set: { attempts: sql`${stripeEvents.attempts} + 1`, lockedUntil: lease },
			setWhere: sql`${stripeEvents.status} = 'pending' and ${stripeEvents.lockedUntil} < clock_timestamp()`
		})
		.returning({ id: stripeEvents.id });
}

/** Marks a claimed event handled (placeholder `id`); see `claimStatement`. */
export function completeStatement(db: Db) {
	return db
		.update(stripeEvents)
		.set({ status: 'handled', handledAt: sql`clock_timestamp()`, lastError: null })
		.where(eq(stripeEvents.id, sql.placeholder('id')));
}

/**
 * How long a webhook claim lasts without a heartbeat: how soon an event claimed by a process that
 * crashed can be handled by another. The heartbeat renews it four times per lease.
 */
export const WEBHOOK_LEASE_MS = 20_000;

/**
 * Ends every claim still held in the database. Only for PGlite, which one process opens at a
 * time: at start, any pending claim belongs to a process that is gone, so its retry need not
 * wait for the lease. Never call it on a PostgreSQL shared by live processes.
 */
export async function releaseAbandonedClaims(db: Db): Promise<number> {
	const released = await db
		.update(stripeEvents)
		.set({ lockedUntil: sql`clock_timestamp()`, lastError: 'released at start: the process ended' })
		.where(
			and(eq(stripeEvents.status, 'pending'), lt(sql`clock_timestamp()`, stripeEvents.lockedUntil))
		)
		.returning({ id: stripeEvents.id });
	return released.length;
}
