/**
 * The storage a billing integration needs, as interfaces: an app implements them on its own
 * database (one conditional write each where a race is possible), tests and docs use the
 * in-memory ones from `memory-stores.ts`.
 */
import type Stripe from 'stripe';

/**
 * One Stripe customer per account, and one trial per customer.
 * `claim` must be atomic (`INSERT … ON CONFLICT DO NOTHING RETURNING`, or a conditional
 * `UPDATE`): two requests of one account race on it.
 */
export interface CustomerStore {
	/** The Stripe customer id (`cus_…`) of an account, or null before `ensureCustomer`. */
	get(accountId: string): Promise<string | null>;
	/** Stores `customerId` for the account unless one is stored; answers the id stored now. */
	claim(accountId: string, customerId: string): Promise<string>;
	/** Whether the customer has had a trial. */
	trialUsed(customerId: string): Promise<boolean>;
	/** Records that the customer had a trial; true the first time, false afterwards. */
	claimTrial(customerId: string): Promise<boolean>;
}

/** A subscription as your app reads it, projected from Stripe's object. */
export interface SubscriptionRecord {
	id: string;
	customerId: string;
	status: Stripe.Subscription.Status;
	/** The price of the first item (`price_…`): the plan. */
	priceId: string | null;
	quantity: number;
	/**
	 * Start of the current period (seconds since the epoch), for quotas counted per period.
	 * Optional so records built before it existed still type-check.
	 */
	currentPeriodStart?: number | null;
	/** Seconds since the epoch, as Stripe gives them. */
	currentPeriodEnd: number | null;
	cancelAtPeriodEnd: boolean;
	cancelAt: number | null;
	canceledAt: number | null;
	trialEnd: number | null;
}

/** The app's copy of Stripe's subscriptions. `upsert` replaces the whole record. */
export interface SubscriptionStore {
	get(id: string): Promise<SubscriptionRecord | null>;
	upsert(record: SubscriptionRecord): Promise<void>;
	/** The customer's subscriptions, newest first is not required. */
	forCustomer(customerId: string): Promise<SubscriptionRecord[]>;
}

/** One usage event, as recorded and as reported to a Stripe meter. */
export interface UsageEvent {
	/** Unique per event (a request id, a job id): the idempotency key here and at Stripe. */
	identifier: string;
	/** Stripe customer id (`cus_…`). */
	customer: string;
	/** The meter's `event_name`. */
	meter: string;
	quantity: number;
	/** Seconds since the epoch. */
	timestamp: number;
}

/** A queued event with the number of failed attempts to report it so far. */
export interface LeasedUsageEvent extends UsageEvent {
	attempts: number;
}

/** Quantity used on one UTC day (`YYYY-MM-DD`). */
export interface UsageDay {
	day: string;
	quantity: number;
}

/**
 * Usage events with an outbox towards Stripe. `record` must insert the event, add it to the
 * daily total and queue it for Stripe in one transaction, and do nothing for a known identifier.
 */
export interface UsageStore {
	/** True when recorded, false when the identifier was already known. */
	record(event: UsageEvent): Promise<boolean>;
	/** Daily totals of a customer's meter between two timestamps (seconds, inclusive). */
	daily(query: { customer: string; meter: string; from: number; to: number }): Promise<UsageDay[]>;
	/**
	 * Leases up to `limit` queued events that are due (`retryAt` passed) for `leaseMs`, so two
	 * flushers never send the same event at once.
	 */
	lease(options: { limit: number; leaseMs: number; now: number }): Promise<LeasedUsageEvent[]>;
	/** Stripe accepted the event, or already held its identifier: remove it from the outbox. */
	reported(identifier: string): Promise<void>;
	/** Stripe failed: keep it queued until `retryAt` (milliseconds). */
	failed(identifier: string, error: string, retryAt: number): Promise<void>;
}
