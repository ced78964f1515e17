/**
 * Options diffing for Elements and elements. Stripe merges `update()` calls shallowly and some
 * options can only be set at creation, so a part sends only the keys that changed and warns
 * (once per key) about changes Stripe would ignore or reject. Pure: no Svelte, no Stripe.js.
 */

type Options = object;

/** Keys of `elements()` options a mounted checkout cannot change. */
export const IMMUTABLE_ELEMENTS_KEYS = [
	// Stripe accepts a new mode, but the checkout's submit flow is built for one mode: switching
	// from payment to setup mid-checkout would confirm the wrong kind of intent.
	'mode',
	'paymentMethodCreation',
	'clientSecret',
	'customerSessionClientSecret',
	'loader'
] as const;

// Warnings are diagnostics, not state: sharing them between users on a server is harmless.
const warned = new Set<string>();

export interface DiffOptionsInput<T extends Options> {
	previous: T | undefined;
	next: T | undefined;
	/** Keys that cannot change after creation: a change warns and is left out. */
	immutable?: readonly string[];
	/** Names the owner in the warning, e.g. "<Checkout.PaymentElement>". */
	owner: string;
}

/**
 * The keys of `next` whose value differs from `previous` (deep comparison), without immutable
 * keys. Returns `null` when nothing can be updated. Keys missing from `next` are not reported:
 * Stripe's `update` merges, so there is no way to unset an option short of recreating the element.
 * @example diffOptions({ previous: { amount: 100 }, next: { amount: 200 }, owner: 'x' }) // { amount: 200 }
 */
export function diffOptions<T extends Options>({
	previous,
	next,
	immutable = [],
	owner
}: DiffOptionsInput<T>): Partial<T> | null {
	if (!next) return null;
	const before: Record<string, unknown> = { ...previous };
	const changes: Record<string, unknown> = {};
	let changed = false;
	for (const [key, value] of Object.entries(next)) {
		if (value === undefined || isEqual(before[key], value)) continue;
		if (immutable.includes(key)) {
			warnOnce(owner, key);
			continue;
		}
		changes[key] = value;
		changed = true;
	}
	return changed ? (changes as Partial<T>) : null;
}

function warnOnce(owner: string, key: string): void {
	const id = `${owner}.${key}`;
	if (warned.has(id)) return;
	warned.add(id);
	console.warn(
		`${owner}: the "${key}" option cannot change after Stripe Elements is created; the change is ignored. Remount the component (for example with {#key}) to apply it.`
	);
}

/** Structural equality for option values: plain objects, arrays and primitives; functions by identity. */
export function isEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(left);
	if (keys.length !== Object.keys(right).length) return false;
	return keys.every((key) => Object.hasOwn(right, key) && isEqual(left[key], right[key]));
}
