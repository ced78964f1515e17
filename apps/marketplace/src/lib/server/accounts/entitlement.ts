import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { billingCustomers, planPrices, subscriptions } from '../db/schema.js';

/** What an account's plan allows, as the License API checks it. */
export interface Entitlement {
	accountId: string;
	/** Catalog product id: 'api-pro' | 'api-team' | 'api-enterprise'. */
	planId: string;
	status:
		| 'trialing'
		| 'active'
		| 'past_due'
		| 'canceled'
		| 'unpaid'
		| 'incomplete'
		| 'incomplete_expired'
		| 'paused';
	/** When the subscription turned `past_due`; null otherwise. */
	pastDueSince: Date | null;
	currentPeriodStart: Date;
	currentPeriodEnd: Date;
	cancelAtPeriodEnd: boolean;
	/** The subscription's quantity: 1 for Pro, the team's seats for Team. */
	seats: number;
}

/** Which subscription an account is judged by when it has several (an old canceled one). */
const rank: Record<Entitlement['status'], number> = {
	active: 0,
	trialing: 0,
	past_due: 1,
	unpaid: 2,
	paused: 3,
	incomplete: 4,
	canceled: 5,
	incomplete_expired: 6
};

/**
 * The plan an account (its owner's user id; a team member passes `locals.accountId`) is on, from
 * the subscription projection kept by webhooks and `reconcile()`; null without a subscription to
 * a catalog plan. Its status is Stripe's: the caller decides what `past_due` for how long allows.
 * @example const entitlement = await getEntitlement(db, locals.accountId);
 */
export async function getEntitlement(db: Db, accountId: string): Promise<Entitlement | null> {
	const rows = await db
		.select({ subscription: subscriptions, planId: planPrices.productId })
		.from(billingCustomers)
		.innerJoin(subscriptions, eq(subscriptions.customerId, billingCustomers.stripeCustomerId))
		.innerJoin(planPrices, eq(planPrices.stripePriceId, subscriptions.priceId))
		.where(eq(billingCustomers.accountId, accountId));
	const best = rows
		.map(({ subscription, planId }) => {
			const { currentPeriodStart: start, currentPeriodEnd: end } = subscription;
			return start && end ? { subscription, planId, start, end } : undefined;
		})
		.filter((row) => row !== undefined)
		.sort(
			(a, b) =>
				rank[a.subscription.status] - rank[b.subscription.status] ||
				b.end.getTime() - a.end.getTime()
		)[0];
	if (!best) return null;
	const { subscription } = best;
	return {
		accountId,
		planId: best.planId,
		status: subscription.status,
		pastDueSince: subscription.pastDueSince,
		currentPeriodStart: best.start,
		currentPeriodEnd: best.end,
		cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
		seats: subscription.quantity
	};
}
