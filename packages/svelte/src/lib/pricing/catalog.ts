import type { CartProduct } from '../cart/types.js';

/**
 * The catalog: what is for sale and at what price. Plain types, so a catalog module can be
 * imported by pages without shipping a validator: the server validates it once at start-up with
 * `defineCatalog` from `@nobs-pay/svelte/server`, and `priceCart` never trusts a client amount.
 */

export type BillingInterval = 'day' | 'week' | 'month' | 'year';

/** One price of a product. */
export interface Price {
	/** Stable id of this price in your catalog; carts and the server refer to it. */
	sku: string;
	/** Lowercase ISO 4217 code, e.g. "usd". */
	currency: string;
	/** Minor units (cents for USD, yen for JPY). */
	unitAmount: number;
	/** Present for subscriptions; absent for one-time prices. */
	recurring?: { interval: BillingInterval; intervalCount: number; trialDays?: number };
	/** Most of this price one order may hold. */
	maxQuantity?: number;
	/** The matching Stripe Price id, when the price also exists in Stripe. */
	stripePriceId?: string;
}

export interface Product {
	id: string;
	name: string;
	description: string;
	features: string[];
	/** Text of a badge that marks this product as the highlighted choice, e.g. "Most popular". */
	highlight?: string;
	/** A call to action that replaces buying, e.g. "Contact sales". */
	contact?: { label: string; href: string };
	prices: Price[];
	metadata: Record<string, string>;
}

export interface Catalog {
	products: Product[];
}

/** A price and the product it belongs to. */
export interface CatalogEntry {
	product: Product;
	price: Price;
}

/** Looks up a SKU; `undefined` when the catalog has no such price. */
export function findPrice(catalog: Catalog, sku: string): CatalogEntry | undefined {
	for (const product of catalog.products) {
		const price = product.prices.find((candidate) => candidate.sku === sku);
		if (price) return { product, price };
	}
	return undefined;
}

/** Options of `cartItemFrom`. */
export interface CartItemFromOptions {
	catalog: Catalog;
	/** The SKU of the price to sell. */
	sku: string;
}

/**
 * The cart item (what `cart.add` and `<AddToCart item>` take) for a catalog price: its name,
 * amount, currency, limit and description come from the catalog, so a page never repeats them.
 * Display data only: the server reprices the cart from the SKU.
 * @throws {TypeError} when the catalog has no price with this SKU (a typo in a page, not a
 * customer's input).
 * @example <AddToCart item={cartItemFrom({ catalog, sku: 'starter' })} />
 */
export function cartItemFrom({ catalog, sku }: CartItemFromOptions): CartProduct {
	const entry = findPrice(catalog, sku);
	if (!entry) throw new TypeError(`cartItemFrom: the catalog has no price with SKU "${sku}".`);
	const { product, price } = entry;
	return {
		sku: price.sku,
		name: product.name,
		unitAmount: price.unitAmount,
		currency: price.currency,
		...(price.maxQuantity ? { max: price.maxQuantity } : {}),
		...(product.description ? { description: product.description } : {})
	};
}
