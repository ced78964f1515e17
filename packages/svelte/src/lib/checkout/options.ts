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
	const changes = Object.entries(next).filter(([key, value]) => {
		if (value === undefined || isEqual(before[key], value)) return false;
		if (!immutable.includes(key)) return true;
		// Warnings are diagnostics, not state: sharing them between users on a server is harmless.
		if (!warned.has(`${owner}.${key}`)) {
			warned.add(`${owner}.${key}`);
			console.warn(
				`${owner}: the "${key}" option cannot change once Stripe Elements exists; remount (e.g. with {#key}) to apply it.`
			);
		}
		return false;
	});
	return changes.length ? (Object.fromEntries(changes) as Partial<T>) : null;
}

/** Structural equality for option values: plain objects, arrays and primitives; functions by identity. */
export function isEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return false;
	const keys = Object.keys(a);
	return (
		keys.length === Object.keys(b).length &&
		keys.every((key) => Object.hasOwn(b, key) && isEqual(a[key], b[key]))
	);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}
