import { formatMoney, fromMajor, money } from '@nobs-pay/svelte/server';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { orders, refunds, revenueMilestones } from '../db/schema.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { notifyAdmins } from './notify.js';

/**
 * Revenue milestones: targets of net revenue in one calendar month of the shop's time zone.
 *
 * Net, not gross: a month "made $10K" when the money stayed, so refunds dated in the month are
 * taken off (the founder's first $10K month is about what they keep). The figure is the orders
 * paid in the month, from every source, in the shop's currency, minus the refunds dated in the
 * month (a row in `refunds`, or, for a full refund recorded on the order alone, the order's amount
 * on its `refunded_at`). Subscription invoices are not stored in this database and do not count.
 * A target once crossed stays crossed for the month, even if a later refund takes the figure back
 * under it: the email went out, and the crossing is history.
 */

/** A calendar month in a time zone: its `YYYY-MM` and the instants it starts and ends. */
export interface CalendarMonth {
	month: string;
	start: Date;
	end: Date;
}

/** The UTC offset of `timeZone` at `instant`, in milliseconds (positive east of Greenwich). */
function offsetMs(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric'
	}).formatToParts(instant);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
	const local = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second')
	);
	return local - Math.floor(instant / 1000) * 1000;
}

/** The instant of local midnight on the first day of a month (the month may overflow the year). */
function localMonthStart(year: number, monthIndex: number, timeZone: string): Date {
	const guess = Date.UTC(year, monthIndex, 1);
	// Twice: the offset at the guess may differ from the offset at the answer (a DST change).
	const first = guess - offsetMs(guess, timeZone);
	return new Date(guess - offsetMs(first, timeZone));
}

/**
 * The calendar month holding `now` in `timeZone`.
 * @example calendarMonth(new Date('2026-12-01T03:00Z'), 'America/New_York') // month '2026-11'
 */
export function calendarMonth(now: Date, timeZone: string): CalendarMonth {
	const [year = 0, month = 1] = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit'
	})
		.format(now)
		.split('-')
		.map(Number);
	return {
		month: `${year}-${String(month).padStart(2, '0')}`,
		start: localMonthStart(year, month - 1, timeZone),
		end: localMonthStart(year, month, timeZone)
	};
}

/** Net revenue of `[start, end)` in `currency`, in minor units (see the module's comment). */
export async function netRevenue(
	db: Db,
	{ start, end, currency }: { start: Date; end: Date; currency: string }
): Promise<number> {
	const within = (column: typeof orders.paidAt | typeof refunds.createdAt) =>
		and(gte(column, start), lt(column, end));
	const [sales] = await db
		.select({ total: sql<number>`coalesce(sum(${orders.amount}), 0)`.mapWith(Number) })
		.from(orders)
		.where(
			and(
				inArray(orders.status, ['paid', 'refunded']),
				eq(orders.currency, currency),
				within(orders.paidAt)
			)
		);
	const [refunded] = await db
		.select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)`.mapWith(Number) })
		.from(refunds)
		.where(and(eq(refunds.currency, currency), within(refunds.createdAt)));
	// A full refund applied to the order without a row in `refunds` still counts, on its date.
	const [unrecorded] = await db
		.select({ total: sql<number>`coalesce(sum(${orders.amount}), 0)`.mapWith(Number) })
		.from(orders)
		.where(
			and(
				eq(orders.status, 'refunded'),
				eq(orders.currency, currency),
				gte(orders.refundedAt, start),
				lt(orders.refundedAt, end),
				sql`not exists (select 1 from ${refunds} where ${refunds.orderId} = ${orders.id})`
			)
		);
	return (sales?.total ?? 0) - (refunded?.total ?? 0) - (unrecorded?.total ?? 0);
}

export interface MilestoneOptions {
	/** Targets in whole units of `currency` (`config.milestones`). */
	targets: readonly number[];
	currency: string;
	timeZone: string;
	/** @default new Date() */
	now?: Date;
}

export interface MilestoneProgress {
	month: string;
	currency: string;
	/** This month's net revenue so far, in minor units. */
	net: number;
	targets: {
		/** Minor units. */
		amount: number;
		/** 0 to 100, whole. */
		percent: number;
		/** ISO 8601, or null while not crossed. */
		crossedAt: string | null;
	}[];
}

const toMinor = (whole: number, currency: string) =>
	fromMajor({ value: String(whole), currency }).amount;

/**
 * This month's figure, each target's progress, and when it was crossed.
 * @example const progress = await milestoneProgress(db, { targets: config.milestones, currency: 'usd', timeZone: config.timeZone });
 */
export async function milestoneProgress(
	db: Db,
	options: MilestoneOptions
): Promise<MilestoneProgress> {
	const { currency, timeZone, now = new Date() } = options;
	const { month, start, end } = calendarMonth(now, timeZone);
	const net = await netRevenue(db, { start, end, currency });
	const crossed = await db
		.select({ amount: revenueMilestones.amount, crossedAt: revenueMilestones.crossedAt })
		.from(revenueMilestones)
		.where(and(eq(revenueMilestones.month, month), eq(revenueMilestones.currency, currency)));
	return {
		month,
		currency,
		net,
		targets: options.targets.map((whole) => {
			const amount = toMinor(whole, currency);
			const crossedAt = crossed.find((row) => row.amount === amount)?.crossedAt;
			return {
				amount,
				percent: Math.max(0, Math.min(100, Math.floor((net / amount) * 100))),
				crossedAt: crossedAt ? new Date(crossedAt).toISOString() : null
			};
		})
	};
}

export interface CheckMilestonesOptions extends MilestoneOptions {
	emails: ReadonlySet<string>;
	outboxKey: OutboxKey;
	/** The shop's origin, for the link to the dashboard. */
	origin: string;
}

/**
 * Records each target this month's net revenue has reached and emails the admins once per
 * target: the crossing's row and the messages are written in one transaction, and the row's key
 * (month, amount, currency) lets only one of many concurrent callers write it. Returns the
 * targets (minor units) crossed by this call.
 * @example await checkMilestones(db, { targets: config.milestones, currency: 'usd', timeZone, emails, outboxKey, origin });
 */
export async function checkMilestones(db: Db, options: CheckMilestonesOptions): Promise<number[]> {
	const progress = await milestoneProgress(db, options);
	const reached = progress.targets.filter(
		(target) => target.crossedAt === null && progress.net >= target.amount
	);
	const crossedNow: number[] = [];
	for (const target of reached) {
		const fresh = await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(revenueMilestones)
				.values({
					month: progress.month,
					amount: target.amount,
					currency: progress.currency,
					netAtCrossing: progress.net
				})
				.onConflictDoNothing()
				.returning({ amount: revenueMilestones.amount });
			if (!row) return false;
			const reachedText = formatMoney(
				money({ amount: target.amount, currency: progress.currency }),
				{
					locale: 'en-US',
					trimWhole: true
				}
			);
			const netText = formatMoney(money({ amount: progress.net, currency: progress.currency }), {
				locale: 'en-US'
			});
			await notifyAdmins(
				tx,
				{ emails: options.emails, outboxKey: options.outboxKey },
				{
					cause: `milestone:${progress.month}:${target.amount}`,
					kind: 'admin_milestone',
					content: {
						subject: `Milestone: ${reachedText} in ${progress.month}`,
						heading: `${reachedText} of net revenue this month`,
						paragraphs: [
							`The shop's net revenue for ${progress.month} reached ${netText}, past the ${reachedText} milestone.`
						],
						action: { label: 'Open the dashboard', url: new URL('/admin', options.origin).href }
					}
				}
			);
			return true;
		});
		if (fresh) crossedNow.push(target.amount);
	}
	return crossedNow;
}

/**
 * Runs `check` after each poke, never two at once: pokes during a run ask for one more run after
 * it, started `minIntervalMs` after the previous one began. A burst of sales then costs two
 * checks, and a steady stream one per interval, not one per sale. Errors are logged, never thrown.
 * @example const milestones = coalesced(() => checkMilestones(db, options), { minIntervalMs: 5000 }); milestones.poke();
 */
export function coalesced(
	check: () => Promise<unknown>,
	{ minIntervalMs = 0, label = 'Checking milestones' } = {}
) {
	let running: Promise<void> | undefined;
	let again = false;
	const start = (): Promise<void> => {
		const startedAt = performance.now();
		return check()
			.then(
				() => undefined,
				(error: unknown) => console.error(`${label} failed:`, error)
			)
			.then(async () => {
				if (!again) return;
				again = false;
				const wait = minIntervalMs - (performance.now() - startedAt);
				if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
				await start();
			});
	};
	return {
		poke(): Promise<void> {
			if (running) {
				again = true;
				return running;
			}
			running = start().finally(() => {
				running = undefined;
			});
			return running;
		}
	};
}
