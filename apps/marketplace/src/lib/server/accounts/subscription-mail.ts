import { and, eq, gt, lte } from 'drizzle-orm';
import { findProduct } from '../../catalog.js';
import type { Db, Tx } from '../db/index.js';
import { authUser, billingCustomers, planPrices, subscriptions } from '../db/schema.js';
import { queueMessage } from '../email.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { accountMail } from './account-mail.js';
import type { StoredSubscription, SubscriptionChange } from './billing-stores.js';

export interface SubscriptionMailOptions {
	outboxKey: OutboxKey;
	/** The app's origin, for the billing page link. */
	origin: string;
}

const billingUrl = (origin: string) => `${origin}/account/billing`;

/** The owner's address and the plan's name of a subscription; undefined for a foreign customer. */
async function recipientOf(db: Pick<Db, 'select'>, subscription: StoredSubscription) {
	const [owner] = await db
		.select({ email: authUser.email, accountId: billingCustomers.accountId })
		.from(billingCustomers)
		.innerJoin(authUser, eq(authUser.id, billingCustomers.accountId))
		.where(eq(billingCustomers.stripeCustomerId, subscription.customerId));
	return owner;
}

async function planName(db: Pick<Db, 'select'>, priceId: string | null): Promise<string> {
	if (!priceId) return 'your plan';
	const [row] = await db
		.select({ productId: planPrices.productId })
		.from(planPrices)
		.where(eq(planPrices.stripePriceId, priceId));
	return (row && findProduct(row.productId)?.name) ?? 'your plan';
}

/**
 * The billing emails a subscription change causes, queued in the store's transaction under a
 * cause that names the change: welcome (once per account), payment failed and recovered (once
 * per past-due spell), plan changed (once per change), plan canceled (once per cancellation date).
 * For `drizzleSubscriptionStore(db, { onChange })`.
 */
export function subscriptionMail(options: SubscriptionMailOptions) {
	const url = billingUrl(options.origin);
	return async (tx: Tx, { previous, next }: SubscriptionChange): Promise<void> => {
		const owner = await recipientOf(tx, next);
		if (!owner) return;
		const plan = await planName(tx, next.priceId);
		const queue = (
			cause: string,
			kind: string,
			content: Parameters<typeof queueMessage>[1]['content']
		) => queueMessage(tx, { cause, kind, to: owner.email, content, outboxKey: options.outboxKey });

		if (next.status === 'active' || next.status === 'trialing') {
			await queue(`welcome:${owner.accountId}`, 'welcome', accountMail.welcome(plan, url));
		}
		if (next.pastDueSince && !previous?.pastDueSince) {
			await queue(
				`payment_failed:${next.id}:${next.pastDueSince.getTime()}`,
				'payment-failed',
				accountMail.paymentFailed(plan, url)
			);
		}
		if (previous?.pastDueSince && next.status === 'active') {
			await queue(
				`payment_recovered:${next.id}:${previous.pastDueSince.getTime()}`,
				'payment-recovered',
				accountMail.paymentRecovered(plan, url)
			);
		}
		if (previous && next.planVersion > previous.planVersion) {
			await queue(
				`plan_changed:${next.id}:${next.planVersion}`,
				'plan-changed',
				accountMail.planChanged(await planName(tx, previous.priceId), plan, url)
			);
		}
		const scheduled = next.cancelAtPeriodEnd || next.cancelAt !== null;
		const wasScheduled = previous?.cancelAtPeriodEnd || (previous?.cancelAt ?? null) !== null;
		const ended = next.status === 'canceled' && previous?.status !== 'canceled';
		if ((scheduled && !wasScheduled) || (ended && !wasScheduled)) {
			const endsAt = ended ? null : (next.cancelAt ?? next.currentPeriodEnd);
			await queue(
				`plan_canceled:${next.id}:${(endsAt ?? next.canceledAt ?? new Date(0)).getTime()}`,
				'plan-canceled',
				accountMail.planCanceled(plan, endsAt, url)
			);
		}
	};
}

/**
 * Queues "your trial ends in 3 days" for every trial ending within three days, once per trial.
 * Run periodically (Stripe's `trial_will_end` event is not needed, so a lost one loses nothing).
 */
export async function queueTrialEndingMail(
	db: Db,
	options: SubscriptionMailOptions & { now?: Date }
): Promise<number> {
	const now = options.now ?? new Date();
	const soon = new Date(now.getTime() + 3 * 86_400_000);
	const trials = await db
		.select()
		.from(subscriptions)
		.where(
			and(
				eq(subscriptions.status, 'trialing'),
				eq(subscriptions.cancelAtPeriodEnd, false),
				gt(subscriptions.trialEnd, now),
				lte(subscriptions.trialEnd, soon)
			)
		);
	let queued = 0;
	for (const trial of trials) {
		const owner = await recipientOf(db, trial);
		if (!owner || !trial.trialEnd) continue;
		const sent = await queueMessage(db, {
			cause: `trial_ending:${trial.id}:${trial.trialEnd.getTime()}`,
			kind: 'trial-ending',
			to: owner.email,
			content: accountMail.trialEnding(
				await planName(db, trial.priceId),
				trial.trialEnd,
				billingUrl(options.origin)
			),
			outboxKey: options.outboxKey
		});
		if (sent) queued += 1;
	}
	return queued;
}
