import * as z from 'zod/mini';
import type { CartLine, CartStorage, StoredCart } from './types.js';

/** Most units of one line, whatever `max` and `stock` say: keeps a tampered cart sane. */
export const MAX_LINE_QUANTITY = 999;
/** Most lines a stored cart may hold; anything beyond is dropped on load. */
const MAX_LINES = 100;

const count = (minimum: number) =>
	z.int().check(z.minimum(minimum), z.maximum(MAX_LINE_QUANTITY * 1000));

/**
 * One cart line as it may be stored or added. zod/mini keeps the cart's bundle small.
 * SKUs follow the catalog's rule, so a stored line can always be looked up; images must be web
 * or root-relative URLs, so a stored `javascript:` or `data:` URL is dropped.
 */
export const cartLineSchema = z.object({
	sku: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i)),
	name: z.string().check(z.minLength(1), z.maxLength(200)),
	unitAmount: z.int().check(z.minimum(0), z.maximum(99_999_999)),
	currency: z.string().check(z.regex(/^[a-z]{3}$/)),
	quantity: count(1),
	min: z.optional(count(1)),
	max: z.optional(count(1)),
	stock: z.optional(count(0)),
	image: z.optional(z.string().check(z.maxLength(2048), z.regex(/^(https?:\/\/|\/(?!\/))/))),
	description: z.optional(z.string().check(z.maxLength(2000)))
});

/** What a checkout request body carries: SKUs and quantities only. Reuse it on the server. */
export const cartLineRefsSchema = z
	.array(z.object({ sku: cartLineSchema.shape.sku, quantity: count(1) }))
	.check(z.maxLength(MAX_LINES));

/** The effective most units of a line: the smaller of `max`, `stock` and `MAX_LINE_QUANTITY`. */
export function lineLimit(line: Pick<CartLine, 'max' | 'stock'>): number {
	return Math.min(
		line.max ?? MAX_LINE_QUANTITY,
		line.stock ?? MAX_LINE_QUANTITY,
		MAX_LINE_QUANTITY
	);
}

/** Whether `quantity` respects the line's own `min` and limit. */
export function withinLimits(line: Pick<CartLine, 'min' | 'max' | 'stock'>, quantity: number) {
	return quantity >= (line.min ?? 1) && quantity <= lineLimit(line);
}

/**
 * Turns whatever storage returned into valid lines. `null` means nothing was stored.
 * Entries are checked one by one: a corrupt or tampered entry is dropped, the rest survive.
 * The first valid line's currency (or `currency`, when the cart has a fixed one) wins; lines in
 * other currencies and repeated SKUs are dropped too.
 */
export function parseStoredCart(data: unknown, currency?: string | null): CartLine[] | null {
	if (data === null || data === undefined) return null;
	const items =
		typeof data === 'object' && 'version' in data && data.version === 1 && 'items' in data
			? data.items
			: undefined;
	if (!Array.isArray(items)) return [];
	const lines: CartLine[] = [];
	let expected = currency ?? null;
	for (const entry of items.slice(0, MAX_LINES)) {
		const result = cartLineSchema.safeParse(entry);
		if (!result.success) continue;
		const line = result.data;
		if (!withinLimits(line, line.quantity)) continue;
		if (expected !== null && line.currency !== expected) continue;
		if (lines.some((other) => other.sku === line.sku)) continue;
		expected = line.currency;
		lines.push(Object.freeze(line));
	}
	return lines;
}

function readJson(text: string | null): unknown {
	if (text === null) return null;
	try {
		return JSON.parse(text);
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
