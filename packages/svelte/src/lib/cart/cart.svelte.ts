import { defineContext } from '../internal/context.js';
import { formatMoney, money, type Money } from '../money/index.js';
import { lineLimit, localStorageAdapter, parseCartLine, parseStoredCart } from './cart-storage.js';
import type {
	CartErrorCode,
	CartProduct,
	CartLine,
	CartLineRef,
	CartLabels,
	CartLineView,
	CartStorage
} from './types.js';

const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;

export const defaultCartLabels: CartLabels = {
	add: 'Add to cart',
	cart: 'Cart',
	itemCount: items,
	title: 'Your cart',
	close: 'Close',
	closeCart: 'Close cart',
	empty: 'Your cart is empty.',
	each: (price, unitLabel = 'each') => `${price} ${unitLabel}`,
	remove: 'Remove',
	removeItem: (name) => `Remove ${name}`,
	quantity: (name, quantityLabel = 'Quantity') => `${quantityLabel} of ${name}`,
	decrease: (name) => `Decrease quantity of ${name}`,
	increase: (name) => `Increase quantity of ${name}`,
	items: 'Items',
	subtotal: 'Subtotal',
	added: (name) => `Added ${name}.`,
	removed: (name) => `Removed ${name}.`,
	changed: (name, quantity) => `${name}: quantity ${quantity}.`,
	cleared: 'Cart emptied.',
	status: (n, subtotal) => `${items(n)} in cart${subtotal ? `, subtotal ${subtotal}` : ''}.`,
	invalidItem: (name) => `${name} cannot be added.`,
	currencyMismatch: (name, currency, cart) =>
		`${name} is priced in ${currency}, but your cart is in ${cart}.`,
	underMinimum: (name, min) => `${name} needs at least ${min}.`,
	outOfStock: (name) => `${name} is out of stock.`,
	overLimit: (name, limit) => `Only ${limit} of ${name} ${limit === 1 ? 'is' : 'are'} available.`,
	unknownSku: (sku) => `Nothing with SKU "${sku}" is in the cart.`,
	invalidQuantity: (quantity) => `${quantity} is not a valid quantity.`
};

/** A refused cart operation. `code` is stable; `message` is written for the shopper. */
export class CartError extends Error {
	override name = 'CartError';
	constructor(
		readonly code: CartErrorCode,
		message: string,
		readonly sku?: string
	) {
		super(message);
	}
}

/** Every mutation returns this instead of throwing, so a click handler can show the reason. */
export type CartResult = { ok: true } | { ok: false; error: CartError };

export interface CartOptions {
	/** Where the cart persists. `false` keeps it for this page view only. @default localStorageAdapter() */
	storage?: CartStorage | false;
	/** Lock the cart to one currency even while empty. Otherwise the first line decides. */
	currency?: string;
	/** BCP 47 locale for formatted amounts. Pass one to format identically on server and client. */
	locale?: string;
	/** Lines to start with when storage holds nothing (stories, tests, server-known carts). */
	items?: readonly CartLine[];
}

const OK: CartResult = Object.freeze({ ok: true });

/**
 * The cart: lines, limits, derived totals and the drawer's open state.
 *
 * Policy: an operation that would break a rule is refused whole, never clamped. The cart is
 * unchanged, the result carries a `CartError` and `error` and `announcement` explain it. A cart
 * that silently changes what the shopper asked for is harder to trust than one that says no.
 * Setting a quantity of 0 removes the line; `decrement` stops at the line's `min`.
 */
export class CartState {
	#lines = $state.raw<readonly CartLine[]>([]);
	#hydrated = $state(false);
	#error = $state.raw<CartError | null>(null);
	#announcement = $state('');
	// Assigned in the constructor; the deriveds below read them lazily.
	readonly #storage: CartStorage | false;
	readonly #fixedCurrency: string | null;
	readonly #locale: string | undefined;
	#labels = $state.raw<() => Partial<CartLabels> | undefined>(() => undefined);

	/** Whether the drawer is open. */
	open = $state(false);
	/** Id of the drawer element, set by `Cart.Root` so the trigger can point at it. */
	drawerId = $state('nobs-cart-drawer');

	format = (value: Money): string => formatMoney(value, { locale: this.#locale });

	// Deriveds are private behind getters: a public derived field also compiles a setter.
	// One currency per cart, so totals are plain integer sums; `money` still checks they stay safe.
	readonly #items: readonly CartLineView[] = $derived(
		this.#lines.map((line) => ({
			...line,
			total: money({ amount: line.unitAmount * line.quantity, currency: line.currency })
		}))
	);
	readonly #count = $derived(this.#lines.reduce((sum, line) => sum + line.quantity, 0));
	readonly #subtotal: Money = $derived(
		money({
			amount: this.#items.reduce((sum, line) => sum + line.total.amount, 0),
			currency: this.currency ?? 'usd'
		})
	);
	readonly #translated: CartLabels = $derived({ ...defaultCartLabels, ...this.#labels() });

	constructor({ storage, currency, locale, items = [] }: CartOptions = {}) {
		this.#storage = storage ?? localStorageAdapter();
		this.#fixedCurrency = currency?.toLowerCase() ?? null;
		this.#locale = locale;
		this.#lines = parseStoredCart({ version: 1, items }, this.#fixedCurrency) ?? [];
	}

	/** The texts in use: English, overlaid with the `labels` of the `Cart.Root` showing this cart. */
	get labels(): CartLabels {
		return this.#translated;
	}

	/** Takes `Cart.Root`'s `labels` through a getter, so the texts follow the prop. */
	translate = (get: () => Partial<CartLabels> | undefined): void => {
		this.#labels = get;
	};

	get items(): readonly CartLineView[] {
		return this.#items;
	}
	get count(): number {
		return this.#count;
	}
	/** Sum of line totals. An empty cart without a fixed currency reports 0 USD: check `isEmpty`. */
	get subtotal(): Money {
		return this.#subtotal;
	}
	get formatted(): { subtotal: string } {
		return { subtotal: this.format(this.#subtotal) };
	}

	get currency(): string | null {
		return this.#fixedCurrency ?? this.#lines[0]?.currency ?? null;
	}
	get isEmpty() {
		return !this.#lines.length;
	}
	/** What checkout posts: SKUs and quantities, never amounts. */
	get lines(): CartLineRef[] {
		return this.#lines.map(({ sku, quantity }) => ({ sku, quantity }));
	}
	/** True once stored lines were loaded (in the browser); checkout waits for it. */
	get hydrated() {
		return this.#hydrated;
	}
	/** The last refused operation, cleared by the next successful one. */
	get error() {
		return this.#error;
	}
	/** Text for the polite live region: the last change with the new count and subtotal. */
	get announcement() {
		return this.#announcement;
	}

	toJSON = (): CartLineRef[] => this.lines;

	get = (sku: string): CartLineView | undefined => this.items.find((line) => line.sku === sku);

	/** The most units of `sku` the cart may hold, or `undefined` when it is not in the cart. */
	quantityLimit = (sku: string): number | undefined => {
		const line = this.#find(sku);
		return line && lineLimit(line);
	};

	/** Whether `add(item, quantity)` would succeed, without changing anything. */
	canAdd = (item: CartProduct, quantity = 1): CartResult => {
		const line = this.#adding(item, quantity);
		return line instanceof CartError ? { ok: false, error: line } : OK;
	};

	add = (item: CartProduct, quantity = 1): CartResult =>
		this.#put(this.#adding(item, quantity), this.labels.added(item.name));

	remove = (sku: string): CartResult =>
		this.#change(sku, (line) =>
			this.#commit(
				this.#lines.filter((other) => other !== line),
				this.labels.removed(line.name)
			)
		);

	/** Sets a line's quantity; 0 removes it. Refused outside the line's `min` and limit. */
	setQuantity = (sku: string, quantity: number): CartResult =>
		this.#change(sku, (line) => (quantity === 0 ? this.remove(sku) : this.#set(line, quantity)));
	increment = (sku: string): CartResult =>
		this.#change(sku, (line) => this.#set(line, line.quantity + 1));
	decrement = (sku: string): CartResult =>
		this.#change(sku, (line) => this.#set(line, line.quantity - 1));

	clear = (): CartResult => this.#commit([], this.labels.cleared);

	openDrawer = () => (this.open = true);
	closeDrawer = () => (this.open = false);
	toggleDrawer = () => (this.open = !this.open);

	/**
	 * Loads stored lines, then saves every change and follows changes from other tabs.
	 * `Cart.Root` calls it in an effect, so it only runs in the browser: the server render is
	 * always the empty, not-hydrated cart and hydration never mismatches. Returns a cleanup.
	 */
	connect = (): (() => void) => {
		const storage = this.#storage;
		// Never read `#lines` here: `Cart.Root` calls this in an effect, which would then re-run.
		const stored = storage && this.#read(() => storage.load());
		if (stored) this.#lines = stored;
		this.#hydrated = true;
		// Another tab saved: adopt its lines without saving back (no ping-pong).
		return (
			(storage && storage.subscribe?.((data) => (this.#lines = this.#read(() => data) ?? []))) ||
			(() => {})
		);
	};

	#read(load: () => unknown): CartLine[] | null {
		try {
			return parseStoredCart(load(), this.#fixedCurrency);
		} catch {
			return null; // A throwing custom adapter must not take the page down.
		}
	}

	#find(sku: string): CartLine | undefined {
		return this.#lines.find((line) => line.sku === sku);
	}

	/** The line `add` would store (validated, unknown keys stripped), or why it is refused. */
	#adding(item: CartProduct, quantity: number): CartLine | CartError {
		const { sku, name, currency } = item;
		if (!Number.isSafeInteger(quantity) || quantity < 1) return this.#invalidQuantity(quantity);
		// The newest display data wins (a price or stock change); the quantities add up.
		const total = (this.#find(sku)?.quantity ?? 0) + quantity;
		const line = parseCartLine({ ...item, quantity: total });
		const cart = this.currency;
		return !line
			? new CartError('invalid_item', this.labels.invalidItem(name || sku), sku)
			: cart && currency !== cart
				? new CartError(
						'currency_mismatch',
						this.labels.currencyMismatch(name, currency.toUpperCase(), cart.toUpperCase()),
						sku
					)
				: this.#withQuantity(line, total);
	}

	/** `line` holding `quantity` units, or why it may not: every path that changes a quantity ends here. */
	#withQuantity(line: CartLine, quantity: number): CartLine | CartError {
		const { labels } = this;
		const { sku, name, min = 1 } = line;
		const limit = lineLimit(line);
		return !Number.isSafeInteger(quantity) || quantity < 0
			? this.#invalidQuantity(quantity)
			: quantity < min
				? new CartError('under_minimum', labels.underMinimum(name, min), sku)
				: quantity > limit
					? new CartError(
							'over_limit',
							limit ? labels.overLimit(name, limit) : labels.outOfStock(name),
							sku
						)
					: Object.freeze({ ...line, quantity });
	}

	/** Runs `change` on the line of `sku`, or refuses when the cart holds no such line. */
	#change(sku: string, change: (line: CartLine) => CartResult): CartResult {
		const line = this.#find(sku);
		return line
			? change(line)
			: this.#refuse(new CartError('unknown_sku', this.labels.unknownSku(sku), sku));
	}

	#set(line: CartLine, quantity: number): CartResult {
		return this.#put(this.#withQuantity(line, quantity), this.labels.changed(line.name, quantity));
	}

	/** Stores `line` in place of the line with its SKU (or last), or refuses with its error. */
	#put(line: CartLine | CartError, message: string): CartResult {
		if (line instanceof CartError) return this.#refuse(line);
		const known = this.#find(line.sku);
		return this.#commit(
			known ? this.#lines.map((other) => (other === known ? line : other)) : [...this.#lines, line],
			message
		);
	}

	#commit(lines: readonly CartLine[], message: string): CartResult {
		this.#lines = lines;
		this.#error = null;
		// An empty cart may have no currency, so its "subtotal" would be a made-up 0 USD.
		const subtotal = this.isEmpty ? undefined : this.formatted.subtotal;
		this.#announcement = `${message} ${this.labels.status(this.count, subtotal)}`;
		// Saving waits for hydration: before it, a save would overwrite the stored cart unread.
		if (this.#storage && this.#hydrated) this.#storage.save({ version: 1, items: [...lines] });
		return OK;
	}

	#refuse(error: CartError): CartResult {
		this.#error = error;
		this.#announcement = error.message;
		return { ok: false, error };
	}

	#invalidQuantity(quantity: number) {
		return new CartError('invalid_quantity', this.labels.invalidQuantity(quantity));
	}
}

const context = defineContext<CartState>('<Cart.Root>');

/** Provides `cart` to the parts below; `Cart.Root` calls it. */
export const setCart = context.set;

/**
 * The cart of the nearest `Cart.Root`. Call during component initialisation.
 * @param part Named in the error when there is no `Cart.Root`, e.g. `'<Cart.Item>'`.
 */
export const useCart = (part = 'useCart()'): CartState => context.use(part);

/** @deprecated Renamed `useCart`, like `useCheckout`, `usePricing` and `useFlipCard`; removed in the next minor. */
export const getCart = useCart;
