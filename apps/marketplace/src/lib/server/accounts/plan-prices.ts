import type Stripe from 'stripe';
import { planProducts } from '../../catalog.js';
import type { Db } from '../db/index.js';
import { planPrices } from '../db/schema.js';

/** A plan price of the catalog with its Stripe price id. */
export interface PlanPrice {
	sku: string;
	productId: string;
	productName: string;
	stripePriceId: string;
	interval: 'day' | 'week' | 'month' | 'year';
	trialDays: number;
}

const idempotent = (key: string) => ({ idempotencyKey: `nobs-pay:plan-price:${key}` });

/**
 * Makes sure every plan price of the catalog exists at Stripe, found by its lookup key (the SKU)
 * or created once, and records it in `plan_prices` so the subscription projection's price ids
 * map back to catalog plans. Plan changes and the entitlement need stable price ids; inline
 * `price_data` would mint a new one per checkout.
 * @example const prices = await ensurePlanPrices(db, stripe);
 */
export async function ensurePlanPrices(db: Db, stripe: Stripe): Promise<PlanPrice[]> {
	const wanted = planProducts.flatMap((product) =>
		product.prices.flatMap((price) =>
			price.recurring
				? [{ product, price, recurring: price.recurring, key: `${price.sku}-${price.unitAmount}` }]
				: []
		)
	);
	const found = new Map<string, Stripe.Price>();
	for (let start = 0; start < wanted.length; start += 10) {
		const keys = wanted.slice(start, start + 10).map(({ price }) => price.sku);
		const page = await stripe.prices.list({ lookup_keys: keys, active: true, limit: 10 });
		for (const price of page.data) if (price.lookup_key) found.set(price.lookup_key, price);
	}
	const result: PlanPrice[] = [];
	for (const { product, price, recurring, key } of wanted) {
		let stripePrice = found.get(price.sku);
		if (!stripePrice || stripePrice.unit_amount !== price.unitAmount) {
			const stripeProduct = await stripe.products.create(
				{ name: product.name, metadata: { nobs_product_id: product.id } },
				idempotent(`product:${product.id}`)
			);
			stripePrice = await stripe.prices.create(
				{
					product: stripeProduct.id,
					currency: price.currency,
					unit_amount: price.unitAmount,
					recurring: { interval: recurring.interval, interval_count: recurring.intervalCount },
					lookup_key: price.sku,
					// A changed amount moves the lookup key to the new price; old subscribers keep theirs.
					transfer_lookup_key: true,
					metadata: { nobs_sku: price.sku, nobs_product_id: product.id }
				},
				idempotent(`price:${key}`)
			);
		}
		await db
			.insert(planPrices)
			.values({ stripePriceId: stripePrice.id, sku: price.sku, productId: product.id })
			.onConflictDoNothing();
		result.push({
			sku: price.sku,
			productId: product.id,
			productName: product.name,
			stripePriceId: stripePrice.id,
			interval: recurring.interval,
			trialDays: recurring.trialDays ?? 0
		});
	}
	return result;
}
