import type Stripe from 'stripe';
import type { Engine } from '../state/engine.js';
import { prorate, type ProrationWindow } from '../state/proration.js';
import { newId } from '../state/store.js';
import { mergeMetadata } from '../state/updates.js';
import { invalidRequest } from '../wire/errors.js';
import type { InvoiceItemInput } from './invoice-items.js';

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
	end: number,
	/** `false` for a preview: the item is built but not stored. */
	store = true
): Stripe.SubscriptionItem {
	const item: Stripe.SubscriptionItem = {
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
	};
	return store ? engine.subscriptionItems.insert(item) : item;
}

/** `items[]` of a subscription update (or of an invoice preview's `subscription_details`). */
export interface ItemChangeInput {
	id?: string | undefined;
	price?: string | undefined;
	quantity?: number | undefined;
	deleted?: boolean | undefined;
	metadata?: Stripe.Metadata | undefined;
}

/** What one item billed before and after an update: `null` for an item added or removed. */
export interface ItemChange {
	itemId: string;
	before: { price: Stripe.Price; quantity: number } | null;
	after: { price: Stripe.Price; quantity: number } | null;
}

const billing = (item: Stripe.SubscriptionItem) => ({
	price: item.price,
	quantity: item.quantity ?? 1
});

/**
 * Applies `items[]` to a subscription (adds, removes, changes price or quantity) and says what
 * changed, for prorations. `store: false` changes a preview's copy without storing new items.
 */
export function changeItems(
	engine: Engine,
	sub: Stripe.Subscription,
	changes: ItemChangeInput[],
	priceFor: (id: string, param: string) => Stripe.Price,
	store: boolean
): ItemChange[] {
	const result: ItemChange[] = [];
	for (const [i, change] of changes.entries()) {
		const existing = change.id ? sub.items.data.find((item) => item.id === change.id) : undefined;
		if (change.id && !existing)
			throw invalidRequest(`No such subscription item: '${change.id}'`, {
				code: 'resource_missing',
				param: `items[${i}][id]`
			});
		const price = change.price ? priceFor(change.price, `items[${i}][price]`) : undefined;
		if (existing && change.deleted) {
			if (sub.items.data.length === 1)
				throw invalidRequest('A subscription must have at least one active plan.', {
					param: `items[${i}][deleted]`
				});
			sub.items.data = sub.items.data.filter((item) => item !== existing);
			result.push({ itemId: existing.id, before: billing(existing), after: null });
		} else if (existing) {
			const before = billing(existing);
			if (price) {
				existing.price = price;
				existing.plan = planOf(price);
			}
			if (change.quantity !== undefined) existing.quantity = change.quantity;
			if (change.metadata) existing.metadata = mergeMetadata(existing.metadata, change.metadata);
			result.push({ itemId: existing.id, before, after: billing(existing) });
		} else if (price) {
			const current = sub.items.data[0] as Stripe.SubscriptionItem;
			const added = buildItem(
				engine,
				sub.id,
				price,
				change.quantity ?? 1,
				current.current_period_start,
				current.current_period_end,
				store
			);
			sub.items.data.push(added);
			result.push({ itemId: added.id, before: null, after: billing(added) });
		} else
			throw invalidRequest(`Missing required param: items[${i}][price].`, {
				code: 'parameter_missing',
				param: `items[${i}][price]`
			});
	}
	return result.filter(
		(c) => c.before?.price.id !== c.after?.price.id || c.before?.quantity !== c.after?.quantity
	);
}

/** Whether a change moves an item to a different billing interval (Stripe then restarts the cycle). */
export const changesInterval = (change: ItemChange): boolean =>
	change.before !== null &&
	change.after !== null &&
	(change.before.price.recurring?.interval !== change.after.price.recurring?.interval ||
		change.before.price.recurring?.interval_count !== change.after.price.recurring?.interval_count);

const day = (time: number) =>
	new Date(time * 1000).toLocaleDateString('en-GB', {
		day: '2-digit',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	});

/**
 * Stripe's proration items for a set of changes: the unused time on what was billed is credited
 * ("Unused time on ..."), the remaining time on what is billed now is charged ("Remaining time on
 * ..."), each over the period's seconds from `window.at`. `creditsOnly` when the cycle restarts and
 * the new price is billed for a whole new period.
 */
export function prorationItems(
	engine: Engine,
	sub: Stripe.Subscription,
	changes: ItemChange[],
	window: ProrationWindow,
	creditsOnly = false
): InvoiceItemInput[] {
	const customer = engine.customers.get(String(sub.customer), 'customer');
	const name = (price: Stripe.Price) => engine.products.find(String(price.product))?.name ?? 'Plan';
	const line = (
		itemId: string,
		billed: { price: Stripe.Price; quantity: number },
		sign: -1 | 1
	): InvoiceItemInput => ({
		customer,
		currency: sub.currency,
		amount: sign * prorate((billed.price.unit_amount ?? 0) * billed.quantity, window),
		quantity: billed.quantity,
		description: `${sign < 0 ? 'Unused' : 'Remaining'} time on ${billed.quantity > 1 ? `${billed.quantity} × ` : ''}${name(billed.price)} after ${day(window.at)}`,
		price: billed.price,
		subscription: sub.id,
		subscriptionItem: itemId,
		period: { start: window.at, end: window.periodEnd },
		proration: true
	});
	// Only licensed (per-seat) prices are prorated: metered usage is billed after the fact.
	const licensed = (
		billed: { price: Stripe.Price } | null
	): billed is {
		price: Stripe.Price;
		quantity: number;
	} => billed !== null && billed.price.recurring?.usage_type !== 'metered';
	return changes.flatMap((change) => [
		...(licensed(change.before) ? [line(change.itemId, change.before, -1)] : []),
		...(licensed(change.after) && !creditsOnly ? [line(change.itemId, change.after, 1)] : [])
	]);
}
