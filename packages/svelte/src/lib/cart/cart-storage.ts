import type { CartLine, CartStorage, StoredCart } from './types.js';

/** Most units of one line, whatever `max` and `stock` say: keeps a tampered cart sane. */
export const MAX_LINE_QUANTITY = 999;
/** Most lines a stored cart may hold; anything beyond is dropped on load. */
const MAX_LINES = 100;

// The browser's cart is display data for its own user: the server reprices every line from its
// SKU and validates requests with zod. Here a small hand-written check does the same job as a
// schema at a fraction of the bytes (zod/mini alone is about 5 kB gzip, the whole cart's budget).
type Check = (value: unknown) => boolean;
const text =
	(max: number, pattern = /^/): Check =>
	(value) =>
		typeof value === 'string' && value.length <= max && pattern.test(value);
const whole =
	(min: number, max = MAX_LINE_QUANTITY * 1000): Check =>
	(value) =>
		Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * The fields of a cart line and their rules, the first `REQUIRED` of them required. SKUs follow
 * the catalog's rule, so a stored line can always be looked up; images must be web or
 * root-relative URLs, so a stored `javascript:` or `data:` URL is dropped.
 */
const fields = Object.entries({
	sku: text(64, /^[a-z0-9][a-z0-9._-]*$/i),
	name: text(200, /./),
	unitAmount: whole(0, 99_999_999),
	currency: text(3, /^[a-z]{3}$/),
	quantity: whole(1),
	min: whole(1),
	max: whole(1),
	stock: whole(0),
	image: text(2048, /^(https?:\/\/|\/(?!\/))/),
	description: text(2000),
	unitLabel: text(40),
	quantityLabel: text(40)
});
const REQUIRED = 5;

/**
 * A valid cart line made of `value`'s known fields, or `undefined` when any field is missing,
 * of the wrong type or out of range. Unknown fields are left out.
 */
export function parseCartLine(value: unknown): CartLine | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const line: Record<string, unknown> = {};
	for (const [index, [key, check]] of fields.entries()) {
		const field = (value as Record<string, unknown>)[key];
		if (index < REQUIRED || field !== undefined) {
			if (!check(field)) return undefined;
			line[key] = field;
		}
	}
	return line as unknown as CartLine;
}

/** The effective most units of a line: the smaller of `max`, `stock` and `MAX_LINE_QUANTITY`. */
export function lineLimit(line: Pick<CartLine, 'max' | 'stock'>): number {
	return Math.min(
		line.max ?? MAX_LINE_QUANTITY,
		line.stock ?? MAX_LINE_QUANTITY,
		MAX_LINE_QUANTITY
	);
}

/**
 * Turns whatever storage returned into valid lines. `null` means nothing was stored.
 * Entries are checked one by one: a corrupt or tampered entry is dropped, the rest survive.
 * The first valid line's currency (or `currency`, when the cart has a fixed one) wins; lines in
 * other currencies, repeated SKUs and quantities outside a line's own `min` and limit are dropped
 * too.
 */
export function parseStoredCart(data: unknown, currency?: string | null): CartLine[] | null {
	if (data == null) return null;
	// Anything but `{ version: 1, items: [...] }` (a string of corrupt JSON, an old format) is
	// "something stored, none of it valid".
	const stored = data as Partial<StoredCart>;
	const items = stored.version === 1 ? stored.items : undefined;
	if (!Array.isArray(items)) return [];
	const lines: CartLine[] = [];
	let expected = currency ?? undefined;
	for (const entry of items.slice(0, MAX_LINES)) {
		const line = parseCartLine(entry);
		if (
			line &&
			line.quantity >= (line.min ?? 1) &&
			line.quantity <= lineLimit(line) &&
			line.currency === (expected ??= line.currency) &&
			!lines.some((other) => other.sku === line.sku)
		) {
			lines.push(Object.freeze(line));
		}
	}
	return lines;
}

function readJson(text: string | null): unknown {
	try {
		// `null` (nothing stored) parses as `null`.
		return JSON.parse(text as string);
	} catch {
		// Corrupt JSON is "something stored, none of it valid": the cart starts empty and
		// overwrites it on the next save.
		return text;
	}
}

/**
 * Keeps the cart in `localStorage` and follows changes made in other tabs (`storage` event).
 * Touches `localStorage` only when called, so it is safe to create during SSR.
 * @example new CartState({ storage: localStorageAdapter({ key: 'shop:cart' }) })
 */
export function localStorageAdapter({ key = 'nobs-pay:cart' }: { key?: string } = {}): CartStorage {
	return {
		load() {
			try {
				return readJson(localStorage.getItem(key));
			} catch {
				return null; // Storage disabled (privacy mode, sandboxed iframe): start empty.
			}
		},
		save(data) {
			try {
				localStorage.setItem(key, JSON.stringify(data));
			} catch {
				// Quota exceeded or storage disabled: the cart still works for this page view.
			}
		},
		subscribe(callback) {
			const onStorage = (event: StorageEvent) => {
				// `key === null` means another tab called `localStorage.clear()`.
				if (event.key !== key && event.key !== null) return;
				callback(readJson(event.key === null ? null : event.newValue));
			};
			window.addEventListener('storage', onStorage);
			return () => window.removeEventListener('storage', onStorage);
		}
	};
}

/** Keeps the cart in memory only (tests, stories, or a cart that must not outlive the page). */
export function memoryAdapter(initial: unknown = null): CartStorage & { data: unknown } {
	return {
		data: initial,
		load() {
			return this.data;
		},
		save(data: StoredCart) {
			this.data = structuredClone(data);
		}
	};
}
