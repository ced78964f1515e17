import type Stripe from 'stripe';
import { z } from 'zod';
import { money, type Money } from '../../money/index.js';
import type { CustomerStore } from './stores.js';

const subscriptionId = z.string().regex(/^sub_\w+$/, 'a Stripe subscription id (sub_…)');
const priceId = z.string().regex(/^price_\w+$/, 'a Stripe price id (price_…)');
const changeInput = z.object({
	subscription: subscriptionId,
	price: priceId,
	quantity: z.number().int().positive().max(10_000).optional(),
	prorationDate: z.number().int().positive().optional()
});

/** What a plan change costs, from Stripe's invoice preview. */
export interface PlanChangePreview {
	/** Charged now: the prorated difference; below zero, a credit to the customer's balance. */
	today: Money;
	/** Each period after the change. */
	then: Money;
	interval: Stripe.Price.Recurring.Interval | null;
	/** Pass it to `changePlan` so the charge matches what the customer saw. */
	prorationDate: number;
}

/** Options of `previewPlanChange` and `changePlan`. */
export interface PlanChangeOptions {
	stripe: Stripe;
	subscription: string;
	/** The new plan's price id; check it against your catalog before calling. */
	price: string;
	/** Seats. @default the current quantity */
	quantity?: number;
	/**
	 * From the preview, so the proration is computed for the same second. It must lie within the
	 * last `PREVIEW_VALID_SECONDS` of Stripe's time: a date the caller picks freely would let a
	 * customer upgrade "at the period's end" and downgrade "at its start" for credit. @default now
	 */
	prorationDate?: number;
}

/** How long a preview's proration date is honoured by `changePlan`: 15 minutes. */
export const PREVIEW_VALID_SECONDS = 15 * 60;

async function itemsFor(stripe: Stripe, input: z.infer<typeof changeInput>) {
	const subscription = await stripe.subscriptions.retrieve(input.subscription);
	const item = subscription.items.data[0];
	if (!item) throw new TypeError(`Subscription ${subscription.id} has no item to change.`);
	const items = [{ id: item.id, price: input.price, quantity: input.quantity ?? item.quantity }];
	return { subscription, items, quantity: input.quantity ?? item.quantity ?? 1 };
}

/**
 * Stripe's present for a subscription, in seconds: the frozen time of its test clock when it has
 * one (a proration date must fall in the current period, which follows the clock), else now.
 */
async function stripeNow(stripe: Stripe, subscription: Stripe.Subscription): Promise<number> {
	const clock = subscription.test_clock;
	if (!clock) return Math.floor(Date.now() / 1000);
	const id = typeof clock === 'string' ? clock : clock.id;
	return (await stripe.testHelpers.testClocks.retrieve(id)).frozen_time;
}

/**
 * Previews a plan change with `stripe.invoices.createPreview`: what is charged today (the
 * proration, invoiced at once) and what every following period costs. Nothing is charged.
 * @example const preview = await previewPlanChange({ stripe, subscription: record.id, price: 'price_team_monthly' });
 */
export async function previewPlanChange(options: PlanChangeOptions): Promise<PlanChangePreview> {
	const input = changeInput.parse(options);
	const { stripe } = options;
	const { subscription, items, quantity } = await itemsFor(stripe, input);
	const prorationDate = input.prorationDate ?? (await stripeNow(stripe, subscription));
	const [invoice, price] = await Promise.all([
		stripe.invoices.createPreview({
			customer:
				typeof subscription.customer === 'string'
					? subscription.customer
					: subscription.customer.id,
			subscription: subscription.id,
			subscription_details: {
				items,
				proration_behavior: 'always_invoice',
				proration_date: prorationDate
			}
		}),
		stripe.prices.retrieve(input.price)
	]);
	// During a trial a change is not invoiced: the trial goes on and the new price is first billed
	// when it ends (the preview then shows that first invoice, which is not due today).
	const trialing = subscription.status === 'trialing';
	return {
		// A downgrade's invoice totals below zero: Stripe charges nothing (`amount_due` is 0) and
		// credits the total to the customer's balance, which is what the customer should see.
		today: money({
			amount: trialing ? 0 : invoice.total < 0 ? invoice.total : invoice.amount_due,
			currency: invoice.currency
		}),
		then: money({ amount: (price.unit_amount ?? 0) * quantity, currency: price.currency }),
		interval: price.recurring?.interval ?? null,
		prorationDate
	};
}

/**
 * Moves the subscription to another price, invoicing the proration at once (as previewed).
 * @example await changePlan({ stripe, subscription: record.id, price, prorationDate: preview.prorationDate });
 */
export async function changePlan(options: PlanChangeOptions): Promise<Stripe.Subscription> {
	const input = changeInput.parse(options);
	const { subscription, items } = await itemsFor(options.stripe, input);
	if (input.prorationDate !== undefined) {
		const now = await stripeNow(options.stripe, subscription);
		if (input.prorationDate > now || input.prorationDate < now - PREVIEW_VALID_SECONDS)
			throw new RangeError('The preview has expired: preview the change again.');
	}
	return options.stripe.subscriptions.update(input.subscription, {
		items,
		proration_behavior: 'always_invoice',
		...(input.prorationDate ? { proration_date: input.prorationDate } : {}),
		// A failed upgrade payment leaves the old plan in place rather than a past-due new one.
		payment_behavior: 'pending_if_incomplete'
	});
}

const cancelInput = z.object({
	subscription: subscriptionId,
	atPeriodEnd: z.boolean().default(true),
	reason: z.string().trim().max(500).optional()
});

/** Options of `cancelSubscription`. */
export interface CancelSubscriptionOptions {
	stripe: Stripe;
	subscription: string;
	/** Keep the plan until the period ends (the customer paid for it). @default true */
	atPeriodEnd?: boolean;
	/** The customer's own words, kept as Stripe's `cancellation_details.comment`. */
	reason?: string;
}

/**
 * Cancels at the end of the period (resumable until then), or at once.
 * @example await cancelSubscription({ stripe, subscription: record.id, reason: 'Too expensive' });
 */
export async function cancelSubscription(
	options: CancelSubscriptionOptions
): Promise<Stripe.Subscription> {
	const { subscription, atPeriodEnd, reason } = cancelInput.parse(options);
	const details = reason ? { cancellation_details: { comment: reason } } : {};
	return atPeriodEnd
		? options.stripe.subscriptions.update(subscription, { cancel_at_period_end: true, ...details })
		: options.stripe.subscriptions.cancel(subscription, details);
}

/**
 * Undoes a scheduled cancellation (`cancel_at_period_end` or `cancel_at`) before it happens.
 * @example await resumeSubscription({ stripe, subscription: record.id });
 */
export async function resumeSubscription(options: {
	stripe: Stripe;
	subscription: string;
}): Promise<Stripe.Subscription> {
	const id = subscriptionId.parse(options.subscription);
	const subscription = await options.stripe.subscriptions.retrieve(id);
	// Stripe refuses both parameters in one request; clear the one that schedules the end.
	return options.stripe.subscriptions.update(
		id,
		subscription.cancel_at_period_end ? { cancel_at_period_end: false } : { cancel_at: '' }
	);
}

/**
 * The trial a new subscription gets: `days` until the customer has had one, none after. The
 * trial counts as used once a trialing subscription is synced (`syncSubscription` with
 * `customers`), so an abandoned checkout does not spend it.
 * @example subscription_data: { trial_period_days: await trialDays({ store: customers, customer, days: 14 }) }
 */
export async function trialDays(options: {
	store: CustomerStore;
	customer: string;
	days: number;
}): Promise<number | undefined> {
	const { customer, days } = z
		.object({ customer: z.string().regex(/^cus_\w+$/), days: z.number().int().min(1).max(730) })
		.parse(options);
	return (await options.store.trialUsed(customer)) ? undefined : days;
}
