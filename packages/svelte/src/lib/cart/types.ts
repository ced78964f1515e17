import type { Snippet } from 'svelte';
import type {
	HTMLAttributes,
	HTMLButtonAttributes,
	HTMLDialogAttributes,
	HTMLLiAttributes
} from 'svelte/elements';
import type { Money } from '../money/index.js';
import type { CartOptions, CartState } from './cart.svelte.js';

/**
 * Every text the cart parts render or announce, and the cart's own error messages, so an app can
 * translate them. `Cart.Root` takes a partial table; the rest stays English.
 */
export interface CartLabels {
	/** Text of `Cart.AddToCart`; its accessible name adds the product: "Add to cart: Mug". */
	add: string;
	/** Text of `Cart.Trigger`; its accessible name adds `itemCount`: "Cart, 2 items". */
	cart: string;
	itemCount: (count: number) => string;
	/** Heading and accessible name of `Cart.Drawer`. */
	title: string;
	/** Visible text and accessible name of the drawer's close button. */
	close: string;
	closeCart: string;
	/** Shown by `Cart.Empty`. */
	empty: string;
	/** Unit price in `Cart.Item`: "$12.00 each", or "$12.00 per project" with the line's `unitLabel`. */
	each: (price: string, unitLabel?: string) => string;
	remove: string;
	removeItem: (name: string) => string;
	/** Labels of `Cart.Quantity`'s field and its two buttons. */
	quantity: (name: string, quantityLabel?: string) => string;
	decrease: (name: string) => string;
	increase: (name: string) => string;
	/** Terms of `Cart.Summary`. */
	items: string;
	subtotal: string;
	/** Live-region announcements: the change, then `status`. */
	added: (name: string) => string;
	removed: (name: string) => string;
	changed: (name: string, quantity: number) => string;
	cleared: string;
	/** "2 items in cart, subtotal $5.00."; `subtotal` is absent when the cart is empty. */
	status: (count: number, subtotal?: string) => string;
	/** Messages of refused operations (`CartError.message`), one per `CartErrorCode`. */
	invalidItem: (name: string) => string;
	currencyMismatch: (name: string, currency: string, cartCurrency: string) => string;
	underMinimum: (name: string, min: number) => string;
	outOfStock: (name: string) => string;
	overLimit: (name: string, limit: number) => string;
	unknownSku: (sku: string) => string;
	invalidQuantity: (quantity: number) => string;
}

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

export interface CartRootProps
	extends CartOptions, Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
	/** A cart created by the app (to read it outside the parts); otherwise one is created. */
	cart?: CartState;
	/** Texts and messages to replace, e.g. a translation; the rest stay English. */
	labels?: Partial<CartLabels>;
	/** The parts; receives the cart. */
	children?: Snippet<[CartState]>;
}

export interface CartListProps extends Omit<HTMLAttributes<HTMLUListElement>, 'children'> {
	/** Renders each line; defaults to `<Cart.Item line={line} />`. */
	children?: Snippet<[CartLineView]>;
}

export interface CartItemProps extends Omit<HTMLLiAttributes, 'children'> {
	line: CartLineView;
	/** Replaces the default layout (image, name, unit price, stepper, total, remove). */
	children?: Snippet<[CartLineView]>;
}

export interface CartQuantityProps extends HTMLAttributes<HTMLDivElement> {
	/** The line whose quantity the stepper changes. */
	sku: string;
}

export interface CartSummaryProps extends HTMLAttributes<HTMLDListElement> {
	/** Extra rows (`<div><dt>…</dt><dd>…</dd></div>`) after the subtotal, e.g. a tax note. */
	children?: Snippet;
}

export interface CartEmptyProps extends HTMLAttributes<HTMLParagraphElement> {
	/** Replaces the text `labels.empty`. */
	children?: Snippet;
}

export interface CartTriggerProps extends HTMLButtonAttributes {
	/** Visible text (unless `children` replace it) and start of the accessible name. @default labels.cart */
	label?: string;
}

export interface CartDrawerProps extends HTMLDialogAttributes {
	/** The dialog's heading and accessible name. @default labels.title */
	title?: string;
	children?: Snippet;
}

export interface CartAddToCartProps extends HTMLButtonAttributes {
	item: CartProduct;
	/** Units added per click. @default item.min ?? 1 */
	quantity?: number;
	/** Visible text (unless `children` replace it); the accessible name adds the product. @default labels.add */
	label?: string;
	/** Called after the item was added. */
	onAdd?: (item: CartProduct, quantity: number) => void;
}
