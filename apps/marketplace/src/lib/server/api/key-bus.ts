import type { Redis } from 'ioredis';

/**
 * Tells every app instance that a key stopped working (revoked, rolled), so each drops it from
 * its cache. In memory it reaches this process only; through Redis pub/sub it reaches all.
 */
export interface KeyBus {
	/** True when messages reach every app instance (caches may then live longer). */
	shared: boolean;
	/** False while a shared bus is disconnected: messages may be missed, so caches are bypassed. */
	connected(): boolean;
	publish(hash: string): Promise<void>;
	/** Calls `listener` with each published hash; answers the unsubscribe function. */
	subscribe(listener: (hash: string) => void): () => void;
	close(): Promise<void>;
}

/**
 * A bus within this process. `soleInstance`: no other instance can exist (PGlite is opened by
 * one process only), so this bus reaches them all.
 */
export function memoryKeyBus(options: { soleInstance?: boolean } = {}): KeyBus {
	const listeners = new Set<(hash: string) => void>();
	return {
		shared: options.soleInstance ?? false,
		connected: () => true,
		async publish(hash) {
			for (const listener of listeners) listener(hash);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close: async () => listeners.clear()
	};
}

/**
 * A bus on Redis pub/sub. `publisher` is any connection; a subscribed connection can do nothing
 * else, so a duplicate of it is opened for listening.
 */
export function redisKeyBus(publisher: Redis, channel: string): KeyBus {
	// Queued commands while connecting: the subscription is sent once Redis answers.
	const subscriber = publisher.duplicate({ enableOfflineQueue: true, enableAutoPipelining: false });
	subscriber.on('error', (error) => console.error('Redis (API key bus):', error.message));
	const listeners = new Set<(hash: string) => void>();
	let ready = false;
	let subscribed = false;
	subscriber.on('message', (_channel: string, hash: string) => {
		for (const listener of listeners) listener(hash);
	});
	// Until subscribed (again), a revocation could be missed: `connected()` makes caches step aside.
	// ioredis subscribes again by itself after a reconnection.
	subscriber.on('close', () => (ready = false));
	subscriber.on('ready', () => {
		if (subscribed) ready = true;
	});
	subscriber.subscribe(channel).then(
		() => (subscribed = ready = true),
		(error: Error) => console.error('Redis (API key bus):', error.message)
	);
	return {
		shared: true,
		connected: () => ready,
		async publish(hash) {
			// Local listeners first: this instance must not depend on Redis for its own revocation.
			for (const listener of listeners) listener(hash);
			await publisher.publish(channel, hash);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close: async () => {
			listeners.clear();
			await subscriber.quit().catch(() => subscriber.disconnect());
		}
	};
}
