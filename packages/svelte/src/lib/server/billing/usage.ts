import type Stripe from 'stripe';
import { z } from 'zod';
import type { UsageDay, UsageStore } from './stores.js';

const usageInput = z.object({
	customer: z.string().regex(/^cus_\w+$/, 'a Stripe customer id (cus_…)'),
	// Stripe's meter event_name rules: up to 100 characters.
	meter: z.string().min(1).max(100),
	quantity: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
	// Stripe accepts identifiers up to 100 characters.
	identifier: z.string().min(1).max(100),
	timestamp: z.number().int().positive().optional()
});

/** Options of `recordUsage`. */
export interface RecordUsageOptions {
	store: UsageStore;
	/** Stripe customer id (`cus_…`). */
	customer: string;
	/** The meter's `event_name`. */
	meter: string;
	/** A positive whole number of units. */
	quantity: number;
	/** Unique per event (request id, job id): recording it twice counts it once. */
	identifier: string;
	/** When it happened, in seconds. @default now */
	timestamp?: number;
}

/**
 * Records usage once per identifier and queues it for Stripe; `flushUsage` reports it. Answers
 * false when the identifier was already recorded.
 * @example await recordUsage({ store: usage, customer, meter: 'api_requests', quantity: 1, identifier: requestId });
 */
export async function recordUsage(options: RecordUsageOptions): Promise<boolean> {
	const { customer, meter, quantity, identifier, timestamp } = usageInput.parse(options);
	return options.store.record({
		customer,
		meter,
		quantity,
		identifier,
		timestamp: timestamp ?? Math.floor(Date.now() / 1000)
	});
}

/** Options of `flushUsage`. */
export interface FlushUsageOptions {
	stripe: Stripe;
	store: UsageStore;
	/** Events sent per call. @default 100 */
	limit?: number;
	/** How long a leased event is kept from other flushers. @default 60000 */
	leaseMs?: number;
	/** Clock in milliseconds. @default Date.now */
	now?: () => number;
	/** Called with Stripe's error for each event that failed; it is retried later. */
	onError?: (error: unknown, identifier: string) => void;
}

/** What one `flushUsage` did. */
export interface FlushResult {
	reported: number;
	failed: number;
}

/** Retry delays after the first, second, third... failure, capped at the last. */
const RETRY_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];

/**
 * Stripe refuses an event whose `identifier` it already holds (uniqueness is enforced over a
 * rolling window of at least 24 hours) with a 400 `invalid_request_error`, "An event already
 * exists with identifier …", rather than answering the first event again. For the outbox that
 * refusal means the event arrived: a flush sent it, then crashed or failed to mark it.
 */
function alreadyAtStripe(error: unknown): boolean {
	const { statusCode, param, message } = error as {
		statusCode?: unknown;
		param?: unknown;
		message?: unknown;
	};
	if (statusCode !== 400) return false;
	return (
		param === 'identifier' ||
		(typeof message === 'string' && message.includes('already exists with identifier'))
	);
}

/**
 * Sends queued usage to Stripe meter events. Each event carries its `identifier`, which Stripe
 * de-duplicates, so an event retried after a timeout whose request did reach Stripe is still
 * counted once, and Stripe's refusal of a duplicate identifier marks the event reported. Any
 * other failure keeps the event queued, retried with backoff. Identifiers must be unique across
 * your Stripe account, not only per meter. Run it from a cron job or after `recordUsage`.
 * @example await flushUsage({ stripe, store: usage });
 */
export async function flushUsage(options: FlushUsageOptions): Promise<FlushResult> {
	const { stripe, store, limit = 100, leaseMs = 60_000, now = Date.now } = options;
	const events = await store.lease({ limit, leaseMs, now: now() });
	let reported = 0;
	let failed = 0;
	for (const event of events) {
		try {
			await stripe.billing.meterEvents
				.create({
					event_name: event.meter,
					identifier: event.identifier,
					timestamp: event.timestamp,
					payload: { stripe_customer_id: event.customer, value: String(event.quantity) }
				})
				.catch((error: unknown) => {
					if (!alreadyAtStripe(error)) throw error;
				});
			await store.reported(event.identifier);
			reported++;
		} catch (error) {
			options.onError?.(error, event.identifier);
			const delay = RETRY_MS[Math.min(event.attempts, RETRY_MS.length - 1)]!;
			await store.failed(event.identifier, String(error), now() + delay);
			failed++;
		}
	}
	return { reported, failed };
}

/**
 * A customer's daily usage of a meter over a period, for `Billing.Usage`'s chart.
 * @example const days = await usageByDay({ store: usage, customer, meter: 'api_requests', from, to });
 */
export async function usageByDay(options: {
	store: UsageStore;
	customer: string;
	meter: string;
	from: number;
	to: number;
}): Promise<UsageDay[]> {
	const query = z
		.object({
			customer: z.string().min(1),
			meter: z.string().min(1).max(100),
			from: z.number().int().nonnegative(),
			to: z.number().int().nonnegative()
		})
		.refine((value) => value.to >= value.from && value.to - value.from <= 400 * 86_400, {
			message: 'to must follow from, within 400 days'
		})
		.parse(options);
	return options.store.daily(query);
}
