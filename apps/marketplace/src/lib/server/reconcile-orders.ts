import { and, desc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from './db/index.js';
import { orders } from './db/schema.js';
import { fulfillOrder, type FulfillOutcome } from './orders.js';

/**
 * Pending orders whose webhook never came. Stripe is asked about the order's PaymentIntent; a
 * succeeded one is fulfilled by `fulfillOrder`, the webhook's own exactly-once path, so a webhook
 * arriving at the same moment cannot fulfil it a second time.
 */

export type ReconcileOutcome =
	| FulfillOutcome
	| { outcome: 'not-succeeded'; orderId: string; status: Stripe.PaymentIntent.Status }
	| { outcome: 'not-pending' };

/** Younger orders are left to their webhook, which usually comes within seconds. */
export const RECONCILE_AFTER_MS = 60_000;
/** Older pending orders are abandoned checkouts; their held receipts are purged after 2 days too. */
export const RECONCILE_WITHIN_DAYS = 2;
/** How many pending orders one periodic run asks Stripe about, newest first. */
export const RECONCILE_BATCH = 100;

/**
 * Asks Stripe about one pending order and fulfils it if its PaymentIntent succeeded.
 * @example const result = await reconcileOrder(db, stripe, order.id);
 */
export async function reconcileOrder(
	db: Db,
	stripe: Stripe,
	orderId: string
): Promise<ReconcileOutcome> {
	const [order] = await db
		.select({ paymentIntentId: orders.paymentIntentId })
		.from(orders)
		.where(and(eq(orders.id, orderId), eq(orders.status, 'pending')));
	if (!order?.paymentIntentId) return { outcome: 'not-pending' };
	return reconcileIntent(db, stripe, orderId, order.paymentIntentId);
}

/** The order page reloads every second while pending: Stripe is asked at most this often. */
export const VIEW_CHECK_MS = 10_000;
const lastAsked = new Map<string, number>();

/**
 * For the order page: reconciles a pending order at least `VIEW_CHECK_MS` old (its webhook had
 * time to come) and at most once per `VIEW_CHECK_MS` per process. Never throws: a Stripe outage
 * is logged and the page keeps showing "pending".
 * @example const result = await reconcileOnView(db, stripe, order); if (result?.outcome === 'fulfilled') …
 */
export async function reconcileOnView(
	db: Db,
	stripe: Stripe,
	order: { id: string; createdAt: Date },
	now = Date.now()
): Promise<ReconcileOutcome | undefined> {
	if (now - order.createdAt.getTime() < VIEW_CHECK_MS) return undefined;
	if (now - (lastAsked.get(order.id) ?? 0) < VIEW_CHECK_MS) return undefined;
	if (lastAsked.size >= 10_000) lastAsked.clear(); // bounded; forgetting only costs a call
	lastAsked.set(order.id, now);
	try {
		return await reconcileOrder(db, stripe, order.id);
	} catch (error) {
		console.error(`Reconciling order ${order.id} failed:`, error);
		return undefined;
	}
}

async function reconcileIntent(
	db: Db,
	stripe: Stripe,
	orderId: string,
	paymentIntentId: string
): Promise<ReconcileOutcome> {
	const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
	if (intent.status !== 'succeeded') {
		return { outcome: 'not-succeeded', orderId, status: intent.status };
	}
	return fulfillOrder(db, {
		paymentIntentId: intent.id,
		amountReceived: intent.amount_received,
		currency: intent.currency
	});
}

/**
 * Reconciles the pending orders older than a minute and younger than two days, a bounded batch
 * per run. A Stripe error on one order is logged and the others still run.
 * @example const fulfilled = await reconcilePendingOrders(db, stripe);
 */
export async function reconcilePendingOrders(
	db: Db,
	stripe: Stripe,
	{ limit = RECONCILE_BATCH }: { limit?: number } = {}
): Promise<ReconcileOutcome[]> {
	const pending = await db
		.select({ id: orders.id, paymentIntentId: orders.paymentIntentId })
		.from(orders)
		.where(
			and(
				eq(orders.status, 'pending'),
				isNotNull(orders.paymentIntentId),
				lt(orders.createdAt, sql`now() - make_interval(secs => ${RECONCILE_AFTER_MS / 1000})`),
				gt(orders.createdAt, sql`now() - make_interval(days => ${RECONCILE_WITHIN_DAYS})`)
			)
		)
		.orderBy(desc(orders.createdAt))
		.limit(limit);

	const outcomes: ReconcileOutcome[] = [];
	for (const order of pending) {
		if (!order.paymentIntentId) continue;
		try {
			outcomes.push(await reconcileIntent(db, stripe, order.id, order.paymentIntentId));
		} catch (error) {
			console.error(`Reconciling order ${order.id} failed:`, error);
		}
	}
	return outcomes;
}
