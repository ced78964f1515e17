import type Stripe from 'stripe';

/** Applies a metadata update as Stripe does: a key set to the empty string is removed. */
export function mergeMetadata(
	current: Stripe.Metadata,
	update: Record<string, string>
): Stripe.Metadata {
	const next: Stripe.Metadata = { ...current };
	for (const [key, value] of Object.entries(update))
		if (value === '') delete next[key];
		else next[key] = value;
	return next;
}

/** Sets fields on an object and records their old values for the event's `previous_attributes`. */
export function change<T extends object>(target: T, previous: Record<string, unknown>) {
	return <K extends keyof T & string>(key: K, value: T[K]): void => {
		if (!(key in previous)) previous[key] = target[key];
		target[key] = value;
	};
}
