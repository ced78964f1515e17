import { asc, desc, eq, notExists, sql } from 'drizzle-orm';
import { catalog } from '../../catalog.js';
import type { Db, Tx } from '../db/index.js';
import {
	planPrices,
	subscriptionMrrChanges,
	subscriptions,
	type MrrMovement
} from '../db/schema.js';
import type { StoredSubscription } from '../accounts/billing-stores.js';

/**
 * The MRR history behind the subscription metrics: one row in `subscription_mrr_changes` each
 * time a subscription's MRR or status changes. Written from the subscription store's upsert, in
 * its transaction, so the history and the projection never disagree.
 */

type Interval = 'day' | 'week' | 'month' | 'year';

/** Statuses whose plan counts as recurring revenue. Trials are not revenue yet (ChartMogul, Polar). */
export const PAYING_STATUSES = ['active', 'past_due'] as const;

/** How many of each interval a month holds: a yearly plan is worth a twelfth of its price a month. */
const PER_MONTH: Record<Interval, number> = {
	day: 365 / 12,
	week: 52 / 12,
	month: 1,
	year: 1 / 12
};

/**
 * A recurring price normalised to a month, in minor units: quantity × unit amount, divided by the
 * months the billing period covers.
 * @example monthlyAmount({ unitAmount: 99_000, interval: 'year', intervalCount: 1, quantity: 1 }) // 8250
 */
export function monthlyAmount(options: {
	unitAmount: number;
	interval: Interval;
	intervalCount: number;
	quantity: number;
}): number {
	const { unitAmount, interval, intervalCount, quantity } = options;
	return Math.round((unitAmount * quantity * PER_MONTH[interval]) / intervalCount);
}

/** The catalog's recurring prices by SKU. */
const recurringPrices = new Map(
	catalog.products.flatMap((product) =>
		product.prices.flatMap((price) =>
			price.recurring ? [[price.sku, { productId: product.id, ...price, ...price.recurring }]] : []
		)
	)
);

/** The catalog currency: what the dashboard reports in. */
export const SHOP_CURRENCY = catalog.products[0]?.prices[0]?.currency ?? 'usd';

/**
 * A subscription's MRR as stored: its plan's catalog price (through `plan_prices`) normalised to
 * a month, or 0 when it is not paying or its price is not the catalog's.
 */
async function mrrOf(db: Pick<Db, 'select'>, subscription: StoredSubscription) {
	const [plan] = subscription.priceId
		? await db
				.select({ sku: planPrices.sku })
				.from(planPrices)
				.where(eq(planPrices.stripePriceId, subscription.priceId))
		: [];
	const price = plan && recurringPrices.get(plan.sku);
	if (!price) return { productId: null, mrr: 0, currency: SHOP_CURRENCY };
	const paying = (PAYING_STATUSES as readonly string[]).includes(subscription.status);
	return {
		productId: price.productId,
		currency: price.currency,
		mrr: paying ? monthlyAmount({ ...price, quantity: subscription.quantity }) : 0
	};
}

/** How a change from `before` to `after` moves a customer's MRR (ChartMogul's movements). */
export function classifyMovement(
	before: number,
	after: number,
	paidBefore: boolean
): MrrMovement | null {
	if (before === 0 && after > 0) return paidBefore ? 'reactivation' : 'new';
	if (before > 0 && after === 0) return 'churn';
	if (before > 0 && after > before) return 'expansion';
	if (after > 0 && after < before) return 'contraction';
	return null;
}

/**
 * Appends the subscription's MRR and status to its history when either differs from the last
 * row, with the customer's MRR before and after and the movement it makes. Call it in the
 * transaction that changed the subscription: the upsert locks the subscription's row, and a lock
 * on the customer orders changes of two subscriptions of one customer.
 * @param at When the change happened. @default now
 */
export async function recordMrrChange(
	tx: Db | Tx,
	subscription: StoredSubscription,
	{ at }: { at?: Date } = {}
): Promise<void> {
	const { productId, mrr, currency } = await mrrOf(tx, subscription);
	const [last] = await tx
		.select({ mrr: subscriptionMrrChanges.mrr, status: subscriptionMrrChanges.status })
		.from(subscriptionMrrChanges)
		.where(eq(subscriptionMrrChanges.subscriptionId, subscription.id))
		.orderBy(desc(subscriptionMrrChanges.changedAt), desc(subscriptionMrrChanges.id))
		.limit(1);
	if (last && last.mrr === mrr && last.status === subscription.status) return;
	await tx.execute(
		sql`select pg_advisory_xact_lock(hashtext(${`mrr:${subscription.customerId}`}))`
	);
	// The deltas of a customer's rows add up to their MRR now.
	const [customer] = await tx
		.select({
			mrr: sql<string>`coalesce(sum(${subscriptionMrrChanges.delta}), 0)`,
			paid: sql<boolean>`coalesce(bool_or(${subscriptionMrrChanges.customerMrrAfter} > 0), false)`
		})
		.from(subscriptionMrrChanges)
		.where(eq(subscriptionMrrChanges.customerId, subscription.customerId));
	const delta = mrr - (last?.mrr ?? 0);
	const before = Number(customer?.mrr ?? 0);
	await tx.insert(subscriptionMrrChanges).values({
		subscriptionId: subscription.id,
		customerId: subscription.customerId,
		status: subscription.status,
		previousStatus: last?.status ?? null,
		productId,
		mrr,
		delta,
		customerMrrBefore: before,
		customerMrrAfter: before + delta,
		movement: classifyMovement(before, before + delta, Boolean(customer?.paid)),
		currency,
		...(at && { changedAt: at })
	});
}

/**
 * Starts the history of subscriptions stored before it existed, dated at their last update.
 * Idempotent; the server runs it at start.
 */
export async function backfillMrrHistory(db: Db): Promise<number> {
	const missing = await db
		.select()
		.from(subscriptions)
		.where(
			notExists(
				db
					.select({ one: sql`1` })
					.from(subscriptionMrrChanges)
					.where(eq(subscriptionMrrChanges.subscriptionId, subscriptions.id))
			)
		)
		// Oldest first: each row's "before" is what the customer's earlier rows add up to.
		.orderBy(asc(subscriptions.updatedAt));
	for (const subscription of missing) {
		await db.transaction((tx) => recordMrrChange(tx, subscription, { at: subscription.updatedAt }));
	}
	return missing.length;
}
