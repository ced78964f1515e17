import type { Money } from '../money/index.js';

/**
 * One line of the cart. Display data only: the server reprices every line from `sku` and never
 * trusts `unitAmount`, `max` or `stock` sent by a browser.
 */
export interface CartLine {
	/** The catalog price's SKU; the only field checkout sends besides `quantity`. */
	readonly sku: string;
	readonly name: string;
	/** Price of one unit in minor units (cents for USD, yen for JPY). */
	readonly unitAmount: number;
	/** Lowercase ISO 4217 code. */
	readonly currency: string;
	readonly quantity: number;
	/** Fewest units a line may hold. @default 1 */
	readonly min?: number;
	/** Most units one order may hold (the catalog's `maxQuantity`). */
	readonly max?: number;
	/** Units in stock; the effective limit is the smaller of `max` and `stock`. */
	readonly stock?: number;
	/** Image URL. */
	readonly image?: string;
	readonly description?: string;
	/** What one unit is, after the unit price: `'per project'`. @default 'each' */
	readonly unitLabel?: string;
	/** What the quantity counts, naming the stepper: `'Projects'`. @default 'Quantity' */
	readonly quantityLabel?: string;
}

/** What `add` takes: a line without its quantity (the quantity is the second argument). */
export type CartProduct = Omit<CartLine, 'quantity'>;

/** @deprecated Renamed `CartProduct` (the server's `CartItemInput` is `LineItemInput`); removed in the next major. */
export type CartItemInput = CartProduct;

/** What checkout posts to the server: SKUs and quantities, never amounts. */
export interface CartLineRef {
	sku: string;
	quantity: number;
}

/** A line with its computed total, as parts render it. */
export interface CartLineView extends CartLine {
	readonly total: Money;
}

/** Why the cart refused an operation. Stable: apps may switch on it. */
export type CartErrorCode =
	| 'currency_mismatch'
	| 'over_limit'
	| 'under_minimum'
	| 'unknown_sku'
	| 'invalid_item'
	| 'invalid_quantity';

/**
 * Where a cart is kept between visits. `load` returns raw, untrusted data: the cart validates it.
 * `subscribe` reports changes made elsewhere (another tab) and returns an unsubscribe function.
 */
export interface CartStorage {
	load(): unknown;
	save(data: StoredCart): void;
	subscribe?(callback: (data: unknown) => void): () => void;
}

/** The stored shape, versioned so a later format can migrate or drop it. */
export interface StoredCart {
	version: 1;
	items: CartLine[];
}
