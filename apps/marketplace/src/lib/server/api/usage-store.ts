import type { LeasedUsageEvent, UsageStore } from '@nobs-pay/svelte/server';
import { and, asc, between, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { usageDaily, usageEvents, usageOutbox } from '../db/schema.js';

/** `YYYY-MM-DD` of a timestamp in seconds, in UTC. */
export const utcDay = (seconds: number): string =>
	new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The library's `UsageStore` on the marketplace database. Every event is counted in
 * `usage_daily`; only the meters in `reportedMeters` are queued in `usage_outbox` for Stripe (the
 * others are billed through the plan's flat price and only counted here).
 * @example const usage = drizzleUsageStore(db, { reportedMeters: ['api_overage'] });
 */
export function drizzleUsageStore(db: Db, options: { reportedMeters: string[] }): UsageStore {
	const reported = new Set(options.reportedMeters);
	return {
		async record(event) {
			// One statement (data-modifying CTEs are atomic), not a transaction of four: a flush
			// writes one event per account, and PGlite runs one statement at a time (on its thread).
			const queue = reported.has(event.meter);
			const result = await db.execute<{ recorded: number }>(sql`
				with inserted as (
					insert into ${usageEvents} (identifier, customer, meter, quantity, timestamp)
					values (${event.identifier}, ${event.customer}, ${event.meter}, ${event.quantity}, ${event.timestamp})
					on conflict do nothing
					returning identifier
				), daily as (
					insert into ${usageDaily} (customer, meter, day, quantity)
					select ${event.customer}, ${event.meter}, ${utcDay(event.timestamp)}, ${event.quantity}
					from inserted
					on conflict (customer, meter, day)
					do update set quantity = ${usageDaily}.quantity + excluded.quantity
				), queued as (
					insert into ${usageOutbox} (identifier)
					select identifier from inserted where ${queue}
				)
				select count(*)::int as recorded from inserted`);
			// postgres.js answers an array, PGlite an object with `rows`.
			const rows = Array.isArray(result)
				? result
				: (result as unknown as { rows: { recorded: number }[] }).rows;
			return rows[0]?.recorded === 1;
		},

		async daily({ customer, meter, from, to }) {
			return db
				.select({ day: usageDaily.day, quantity: usageDaily.quantity })
				.from(usageDaily)
				.where(
					and(
						eq(usageDaily.customer, customer),
						eq(usageDaily.meter, meter),
						between(usageDaily.day, utcDay(from), utcDay(to))
					)
				)
				.orderBy(asc(usageDaily.day));
		},

		async lease({ limit, leaseMs, now }) {
			return db.transaction(async (tx) => {
				// SKIP LOCKED: two flushers take different events instead of waiting on each other.
				const due = await tx
					.select({ identifier: usageOutbox.identifier, attempts: usageOutbox.attempts })
					.from(usageOutbox)
					.where(lte(usageOutbox.dueAt, new Date(now)))
					.orderBy(asc(usageOutbox.dueAt))
					.limit(limit)
					.for('update', { skipLocked: true });
				if (due.length === 0) return [];
				const ids = due.map((row) => row.identifier);
				await tx
					.update(usageOutbox)
					.set({ dueAt: new Date(now + leaseMs) })
					.where(inArray(usageOutbox.identifier, ids));
				const events = await tx
					.select()
					.from(usageEvents)
					.where(inArray(usageEvents.identifier, ids));
				const attempts = new Map(due.map((row) => [row.identifier, row.attempts]));
				return events.map((event): LeasedUsageEvent => ({
					identifier: event.identifier,
					customer: event.customer,
					meter: event.meter,
					quantity: event.quantity,
					timestamp: event.timestamp,
					attempts: attempts.get(event.identifier) ?? 0
				}));
			});
		},

		async reported(identifier) {
			await db.delete(usageOutbox).where(eq(usageOutbox.identifier, identifier));
		},

		async failed(identifier, error, retryAt) {
			await db
				.update(usageOutbox)
				.set({
					attempts: sql`${usageOutbox.attempts} + 1`,
					dueAt: new Date(retryAt),
					lastError: error.slice(0, 1000)
				})
				.where(eq(usageOutbox.identifier, identifier));
		}
	};
}
