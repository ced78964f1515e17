import {
	ensureCustomer,
	trialDays,
	type CustomerStore,
	type SubscriptionStore
} from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import type { PlanPrice } from './plan-prices.js';
import type { AccountUser } from './team.js';

/** Subscriptions that still hold the plan: a second checkout would make a second subscription. */
export const liveStatuses = ['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused'];

export interface PlanCheckoutOptions {
	stripe: Stripe;
	customers: CustomerStore;
	subscriptions: SubscriptionStore;
	prices: readonly PlanPrice[];
	user: AccountUser;
	/** `locals.accountId`: a team member's is the owner's, and only the owner buys. */
	accountId: string;
	sku: string;
	origin: string;
}

export type PlanCheckoutResult =
	{ outcome: 'checkout'; url: string } | { outcome: 'subscribed' | 'unknown-plan' | 'not-owner' };

/**
 * Starts the hosted Checkout Session of a plan for the account's one Stripe customer, with the
 * plan's trial if the customer never had one. A double click gets the same session (the
 * idempotency key names the account, plan, trial and how many subscriptions it had), so it ends
 * with one customer and one subscription; an account that holds a plan is sent to change it.
 * @example const result = await startPlanCheckout({ stripe, customers, subscriptions, prices, user, accountId, sku, origin });
 */
export async function startPlanCheckout(options: PlanCheckoutOptions): Promise<PlanCheckoutResult> {
	const { stripe, user, accountId, origin } = options;
	if (accountId !== user.id) return { outcome: 'not-owner' };
	const price = options.prices.find((candidate) => candidate.sku === options.sku);
	if (!price) return { outcome: 'unknown-plan' };
	const customer = await ensureCustomer({
		stripe,
		store: options.customers,
		accountId,
		email: user.email
	});
	const held = await options.subscriptions.forCustomer(customer);
	if (held.some((record) => liveStatuses.includes(record.status))) return { outcome: 'subscribed' };
	const trial = price.trialDays
		? await trialDays({ store: options.customers, customer, days: price.trialDays })
		: undefined;
	const session = await stripe.checkout.sessions.create(
		{
			mode: 'subscription',
			ui_mode: 'hosted_page',
			customer,
			client_reference_id: accountId,
			line_items: [{ price: price.stripePriceId, quantity: 1 }],
			subscription_data: {
				metadata: { account_id: accountId, nobs_sku: price.sku },
				...(trial ? { trial_period_days: trial } : {})
			},
			success_url: `${origin}/subscribed?session_id={CHECKOUT_SESSION_ID}`,
			cancel_url: `${origin}/#plans`
		},
		{
			idempotencyKey: `nobs-pay:plan-checkout:${accountId}:${price.stripePriceId}:${trial ?? 0}:${held.length}`
		}
	);
	if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL.`);
	return { outcome: 'checkout', url: session.url };
}
