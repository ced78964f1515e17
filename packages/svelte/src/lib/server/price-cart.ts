import type { BillingInterval, Catalog, CatalogEntry } from '../pricing/catalog.js';

/**
 * Stable codes of `PricingError`. Clients may switch on them; they never change meaning.
 * - `empty_cart`: no items.
 * - `cart_too_large`: more distinct SKUs than `maxLines`.
 * - `unknown_sku`: a SKU the catalog does not sell.
 * - `invalid_quantity`: a quantity that is not a whole number of at least 1.
 * - `quantity_limit`: more of one SKU than its `maxQuantity` (or the `maxQuantity` option).
 * - `mixed_currencies`: items priced in more than one currency.
 * - `recurring_in_payment`: a subscription price in a one-time (`payment`) cart.
 * - `missing_recurring`: a `subscription` cart without any subscription price.
 * - `mixed_intervals`: subscription prices with different billing intervals in one cart.
 * - `amount_too_large`: the total exceeds what Stripe accepts in one payment.
 */
export type PricingErrorCode =
	| 'empty_cart'
	| 'cart_too_large'
	| 'unknown_sku'
	| 'invalid_quantity'
	| 'quantity_limit'
	| 'mixed_currencies'
	| 'recurring_in_payment'
	| 'missing_recurring'
	| 'mixed_intervals'
	| 'amount_too_large';

/** Thrown by `priceCart` when a cart cannot be sold as asked. The message is safe to show. */
export class PricingError extends Error {
	constructor(
		readonly code: PricingErrorCode,
		message: string,
		/** The SKU at fault, when there is one. */
		readonly sku?: string
	) {
		super(message);
		this.name = 'PricingError';
	}
}

/** One line of a cart as a client sends it. Any other field (a price, a name) is ignored. */
export interface LineItemInput {
	sku: string;
	quantity: number;
}

/** @deprecated Renamed `LineItemInput` (the cart's own `CartItemInput` is `CartProduct`); removed in the next major. */
export type CartItemInput = LineItemInput;

/** A cart line priced from the catalog. Amounts are minor units. */
export interface PricedLine {
	sku: string;
	quantity: number;
	unitAmount: number;
	/** `unitAmount × quantity`. */
	amount: number;
	name: string;
	productId: string;
	/** Present for subscription prices. */
	recurring?: { interval: BillingInterval; intervalCount: number; trialDays?: number };
	/** The matching Stripe Price id, when the catalog has one. */
	stripePriceId?: string;
}

/** A cart priced from the catalog: the only amount the server ever charges. */
export interface PricedCart {
	currency: string;
	/** Sum of the lines in minor units. For subscriptions, the first period's amount. */
	amount: number;
	lines: PricedLine[];
}

/** Options of `priceCart`. */
export interface PriceCartOptions {
	catalog: Catalog;
	items: readonly LineItemInput[];
	/**
	 * `payment` rejects subscription prices, `subscription` needs at least one, `any` accepts both.
	 * @default 'any'
	 */
	mode?: 'payment' | 'subscription' | 'any';
	/** Most distinct SKUs in one cart. @default 100 (Stripe Checkout's line item limit) */
	maxLines?: number;
	/** Most of one SKU when its price sets no `maxQuantity`. @default 999 */
	maxQuantity?: number;
}

/**
 * Stripe's ceiling for one charge is eight digits of minor units in most currencies
 * (999,999.99 USD). Stricter per-currency limits are left to Stripe.
 */
const MAX_AMOUNT = 99_999_999;

// SKU lookups by catalog, built once: a catalog is defined at start-up and read on every request.
const indexes = new WeakMap<Catalog, Map<string, CatalogEntry>>();

function indexOf(catalog: Catalog): Map<string, CatalogEntry> {
	let index = indexes.get(catalog);
	if (!index) {
		index = new Map();
		for (const product of catalog.products) {
			for (const price of product.prices) index.set(price.sku, { product, price });
		}
		indexes.set(catalog, index);
	}
	return index;
}

/**
 * Prices a cart from the catalog, the single source of truth for amounts. Only `sku` and
 * `quantity` are read from each item; repeated SKUs are merged before limits are checked, so
 * splitting a line cannot bypass `maxQuantity`.
 * @throws {PricingError} with a stable `code` when the cart cannot be sold as asked.
 * @example const cart = priceCart({ catalog, items: [{ sku: 'pro-monthly', quantity: 1 }] });
 */
export function priceCart(options: PriceCartOptions): PricedCart {
	const { catalog, items, mode = 'any', maxLines = 100, maxQuantity = 999 } = options;
	if (items.length === 0) throw new PricingError('empty_cart', 'The cart is empty.');
	const index = indexOf(catalog);

	// Merge repeated SKUs, keeping the order in which each SKU first appears.
	const quantities = new Map<string, number>();
	for (const item of items) {
		const { sku, quantity } = item;
		if (typeof sku !== 'string' || !index.has(sku)) {
			throw new PricingError('unknown_sku', `"${String(sku).slice(0, 64)}" is not for sale.`, sku);
		}
		if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1) {
			throw new PricingError(
				'invalid_quantity',
				`The quantity of "${sku}" must be a whole number of at least 1.`,
				sku
			);
		}
		quantities.set(sku, (quantities.get(sku) ?? 0) + quantity);
		if (quantities.size > maxLines) {
			throw new PricingError('cart_too_large', `A cart holds at most ${maxLines} different items.`);
		}
	}

	const lines: PricedLine[] = [];
	let currency: string | undefined;
	for (const [sku, quantity] of quantities) {
		// Present: every SKU was looked up above.
		const { product, price } = index.get(sku)!;
		const limit = price.maxQuantity ?? maxQuantity;
		if (quantity > limit) {
			throw new PricingError('quantity_limit', `At most ${limit} of "${sku}" per order.`, sku);
		}
		currency ??= price.currency;
		if (price.currency !== currency) {
			throw new PricingError(
				'mixed_currencies',
				'All items in one cart must be priced in the same currency.',
				sku
			);
		}
		const line: PricedLine = {
			sku,
			quantity,
			unitAmount: price.unitAmount,
			amount: price.unitAmount * quantity,
			name: product.name,
			productId: product.id
		};
		if (price.recurring) line.recurring = { ...price.recurring };
		if (price.stripePriceId) line.stripePriceId = price.stripePriceId;
		lines.push(line);
	}

	checkMode(lines, mode);

	const amount = lines.reduce((sum, line) => sum + line.amount, 0);
	if (amount > MAX_AMOUNT) {
		throw new PricingError('amount_too_large', 'The total is larger than one payment can be.');
	}
	// Set: the cart has at least one line.
	return { currency: currency!, amount, lines };
}

function checkMode(lines: readonly PricedLine[], mode: 'payment' | 'subscription' | 'any'): void {
	const recurring = lines.filter((line) => line.recurring);
	if (mode === 'payment' && recurring[0]) {
		throw new PricingError(
			'recurring_in_payment',
			`"${recurring[0].sku}" is a subscription and cannot be bought as a one-time payment.`,
			recurring[0].sku
		);
	}
	if (mode === 'subscription' && recurring.length === 0) {
		throw new PricingError('missing_recurring', 'A subscription needs at least one plan.');
	}
	const [head, ...rest] = recurring;
	const other = rest.find(
		(line) =>
			line.recurring!.interval !== head!.recurring!.interval ||
			line.recurring!.intervalCount !== head!.recurring!.intervalCount
	);
	if (other) {
		throw new PricingError(
			'mixed_intervals',
			'All plans in one subscription must renew on the same schedule.',
			other.sku
		);
	}
}
