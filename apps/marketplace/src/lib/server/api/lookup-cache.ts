import type { KeyBus } from './key-bus.js';

/**
 * A short-lived cache of lookups by secret hash (API keys, license keys) that a message on the
 * bus empties on every instance: `evict` after a revocation or a change. A lookup that was in
 * flight while anything was evicted is answered but not cached, so it cannot bring back what the
 * eviction removed. While a shared bus is disconnected every lookup goes to the source.
 */
export function createLookupCache<T>(options: {
	bus: KeyBus;
	/** How long an entry is trusted. */
	ttlMs: number;
	/** @default Date.now */
	now?: () => number;
	/** Entries kept; past it the cache starts over (random bearer strings must not grow it). */
	max?: number;
}) {
	const { bus, ttlMs, now = Date.now, max = 10_000 } = options;
	const entries = new Map<string, { value: T; at: number }>();
	let evictions = 0;
	const unsubscribe = bus.subscribe((hash) => {
		evictions++;
		entries.delete(hash);
	});
	return {
		async get(hash: string, load: () => Promise<T>): Promise<T> {
			const at = now();
			const entry = entries.get(hash);
			if (entry && at - entry.at < ttlMs && bus.connected()) return entry.value;
			const before = evictions;
			const value = await load();
			if (evictions === before) {
				if (entries.size >= max) entries.clear();
				entries.set(hash, { value, at });
			}
			return value;
		},
		/** Drops `hash` here and, through the bus, on every instance. */
		evict: (hash: string) => bus.publish(hash),
		close: unsubscribe
	};
}

export type LookupCache<T> = ReturnType<typeof createLookupCache<T>>;

/**
 * How long a looked-up secret may be trusted: a revocation must stop it everywhere within a
 * second, so a minute only when the bus reaches every instance, else one second.
 */
export const lookupTtl = (bus: KeyBus) => (bus.shared ? 60_000 : 1_000);
