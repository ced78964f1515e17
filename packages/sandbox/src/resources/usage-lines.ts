import type Stripe from 'stripe';
import type { Engine } from '../state/engine.js';
import { newId } from '../state/store.js';
import { aggregateUsage } from './billing-meters.js';
import { priceAmount } from './prices.js';

export const isMetered = (item: Stripe.SubscriptionItem): boolean =>
	item.price.recurring?.usage_type === 'metered';

/**
 * The invoice lines for the usage a subscription's metered items recorded since they were last
 * billed, up to the start of the current period (usage is billed in arrears, so a subscription's
 * first invoice has none). Each line is the item's meter aggregated for the customer over that
 * period and priced by the item's price (its tiers, if tiered). Usage during a trial is free.
 * `record: false` (an invoice preview) leaves what was billed unchanged.
 */
export function meteredUsageLines(
	engine: Engine,
	sub: Stripe.Subscription,
	invoiceId: string,
	{ record }: { record: boolean }
): Stripe.InvoiceLineItem[] {
	const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
	const lines: Stripe.InvoiceLineItem[] = [];
	for (const item of sub.items.data.filter(isMetered)) {
		const meter = item.price.recurring?.meter;
		const start = Math.max(
			engine.usageBilledUntil.get(item.id) ?? item.created,
			sub.trial_end ?? 0
		);
		const end = item.current_period_start;
		if (record) engine.usageBilledUntil.set(item.id, end);
		if (!meter || end <= start) continue;
		const usage = aggregateUsage(engine, meter, customer, start, end);
		const amount = priceAmount(engine, item.price, usage);
		const product = engine.products.find(String(item.price.product))?.name ?? 'Usage';
		lines.push(
			subscriptionItemLine(sub, item, invoiceId, {
				amount,
				quantity: usage,
				description: `${usage} × ${product} (usage)`,
				period: { start, end }
			})
		);
	}
	return lines;
}

/** One line of a subscription invoice for one subscription item: its period, or its usage. */
export function subscriptionItemLine(
	sub: Stripe.Subscription,
	item: Stripe.SubscriptionItem,
	invoiceId: string,
	line: {
		amount: number;
		quantity: number;
		description: string;
		period: Stripe.InvoiceLineItem['period'];
	}
): Stripe.InvoiceLineItem {
	return {
		id: newId('il_'),
		object: 'line_item',
		amount: line.amount,
		currency: sub.currency,
		description: line.description,
		discount_amounts: [],
		discountable: true,
		discounts: [],
		invoice: invoiceId,
		livemode: false,
		metadata: {},
		parent: {
			type: 'subscription_item_details',
			invoice_item_details: null,
			subscription_item_details: {
				invoice_item: null,
				proration: false,
				proration_details: { credited_items: null },
				subscription: sub.id,
				subscription_item: item.id
			}
		},
		period: line.period,
		pretax_credit_amounts: [],
		pricing: {
			type: 'price_details',
			price_details: { price: item.price.id, product: String(item.price.product) },
			unit_amount_decimal: item.price.unit_amount_decimal
		},
		quantity: line.quantity,
		quantity_decimal: String(
			line.quantity
		) as unknown as Stripe.InvoiceLineItem['quantity_decimal'],
		subscription: sub.id,
		subtotal: line.amount,
		taxes: []
	};
}
