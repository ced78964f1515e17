import type Stripe from 'stripe';
import type { Engine } from '../state/engine.js';
import { newId } from '../state/store.js';

/** The legacy `plan` Stripe still shows beside `price` on an item. */
export function planOf(price: Stripe.Price): Stripe.Plan {
	const recurring = price.recurring as Stripe.Price.Recurring;
	return {
		id: price.id,
		object: 'plan',
		active: price.active,
		amount: price.unit_amount,
		amount_decimal: price.unit_amount_decimal,
		billing_scheme: price.billing_scheme,
		created: price.created,
		currency: price.currency,
		interval: recurring.interval,
		interval_count: recurring.interval_count,
		livemode: false,
		metadata: price.metadata,
		meter: recurring.meter,
		nickname: price.nickname,
		product: price.product as string,
		tiers_mode: price.tiers_mode,
		transform_usage: null,
		trial_period_days: recurring.trial_period_days,
		usage_type: recurring.usage_type
	};
}

export function buildItem(
	engine: Engine,
	subId: string,
	price: Stripe.Price,
	quantity: number,
	start: number,
	end: number
): Stripe.SubscriptionItem {
	return engine.subscriptionItems.insert({
		id: newId('si_', 14),
		object: 'subscription_item',
		billing_thresholds: null,
		created: engine.now(),
		current_period_end: end,
		current_period_start: start,
		current_trial: null,
		discounts: [],
		metadata: {},
		plan: planOf(price),
		price,
		quantity,
		subscription: subId,
		tax_rates: []
	});
}
