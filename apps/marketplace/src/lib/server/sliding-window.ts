import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/** How long after a window ends its count is taken as final. */
const SETTLE_MS = 2_000;

/** One call counted against a sliding window. */
export interface SlidingWindowResult {
	allowed: boolean;
	/** Calls still allowed right now (after this one, when it was allowed). */
	remaining: number;
	/** Seconds until the next call is allowed, once `remaining` is 0; else until this window ends. */
	resetSeconds: number;
}

export interface SlidingWindowOptions {
	/** Prefix of the counters' keys (a Redis shared by several stores). */
	keyPrefix: string;
	/** Calls allowed in any `windowSeconds`. */
	points: number;
	/** @default 60 */
	windowSeconds?: number;
	/** Counts in Redis, shared by every app instance; else in this process's memory. */
	redis?: Redis;
	/** @default Date.now */
	now?: () => number;
}

/**
 * A sliding-window limit made of two fixed windows of rate-limiter-flexible counters (the
 * approximation Cloudflare describes): the calls of the previous window count in proportion to
 * how much of it the sliding window still covers, plus the calls of the current one. So a burst
 * at the end of one minute and another at the start of the next cannot pass twice the limit, as
 * they can with a fixed window.
 *
 * A refused call is taken back from its window, so a client retrying in a loop does not lock
 * itself out longer than its allowed calls do. The counter's increment is atomic (in Redis, one
 * script), so concurrent calls from several instances never pass more than `points` together.
 * @example const minute = createSlidingWindow({ keyPrefix: 'nobs:rpm', points: 60, redis });
 */
export function createSlidingWindow(options: SlidingWindowOptions) {
	const { keyPrefix, points, windowSeconds = 60, redis, now = Date.now } = options;
	const windowMs = windowSeconds * 1000;
	// Only counts: the decision is made here. Each window's key outlives the window by one more,
	// so that the next window still reads it.
	const counterOptions = {
		keyPrefix,
		points: Number.MAX_SAFE_INTEGER,
		duration: 2 * windowSeconds
	};
	const memory = new RateLimiterMemory(counterOptions);
	const counter: RateLimiterAbstract = redis
		? new RateLimiterRedis({ ...counterOptions, storeClient: redis, insuranceLimiter: memory })
		: memory;

	/** Counts of windows that have ended, so each is read once per key and process. */
	const ended = new Map<string, number>();
	const previousCount = async (key: string, sinceEnd: number) => {
		const cached = ended.get(key);
		if (cached !== undefined) return cached;
		const count = (await counter.get(key))?.consumedPoints ?? 0;
		// Final once calls that started before the window ended (another instance's) have landed.
		if (sinceEnd >= SETTLE_MS) {
			if (ended.size >= 100_000) ended.clear();
			ended.set(key, count);
		}
		return count;
	};

	/** Where a key stands at `at`: the window it is in and the previous window's count. */
	const position = async (key: string, at: number) => {
		const index = Math.floor(at / windowMs);
		const sinceStart = at - index * windowMs;
		return {
			currentKey: `${key}:${index}`,
			elapsed: sinceStart / windowMs,
			before: await previousCount(`${key}:${index - 1}`, sinceStart)
		};
	};

	/** The answer for `current` calls in this window (the one just counted included). */
	const answer = (allowed: boolean, before: number, current: number, elapsed: number) => {
		// The epsilon absorbs floating-point error (10 × 0.9 must be 9, not 9.000…2).
		const remaining = Math.max(0, Math.floor(points - before * (1 - elapsed) - current + 1e-9));
		const seconds =
			remaining > 0
				? (1 - elapsed) * windowSeconds
				: waitSeconds(points, before, current, elapsed, windowSeconds);
		return { allowed, remaining, resetSeconds: Math.max(1, Math.ceil(seconds)) };
	};

	return {
		/** Counts one call of `key`, unless the window is full. */
		async consume(key: string): Promise<SlidingWindowResult> {
			const at = now();
			const [{ currentKey, elapsed, before }, counted] = await Promise.all([
				position(key, at),
				counter.consume(`${key}:${Math.floor(at / windowMs)}`, 1)
			]);
			const current = counted.consumedPoints;
			if (before * (1 - elapsed) + current <= points + 1e-9) {
				return answer(true, before, current, elapsed);
			}
			await counter.reward(currentKey, 1);
			return answer(false, before, current - 1, elapsed);
		},

		/** Where `key` stands, without counting a call (`allowed`: whether one would pass now). */
		async peek(key: string): Promise<SlidingWindowResult> {
			const at = now();
			const { currentKey, elapsed, before } = await position(key, at);
			const current = (await counter.get(currentKey))?.consumedPoints ?? 0;
			const state = answer(true, before, current, elapsed);
			return { ...state, allowed: state.remaining > 0 };
		}
	};
}

export type SlidingWindow = ReturnType<typeof createSlidingWindow>;

/**
 * Seconds until one more call fits, if no other call comes: within this window once enough of
 * the previous one has slid out, else in the next window, where this one becomes the previous.
 */
export function waitSeconds(
	points: number,
	previous: number,
	current: number,
	elapsed: number,
	windowSeconds: number
): number {
	const room = points - 1 - current;
	if (room >= 0) {
		// previous × (1 − e) ≤ room
		const needed = previous === 0 ? 0 : 1 - room / previous;
		if (needed < 1) return Math.max(0, needed - elapsed) * windowSeconds;
	}
	// Next window: current × (1 − e′) ≤ points − 1.
	const next = current === 0 ? 0 : Math.max(0, 1 - (points - 1) / current);
	return (1 - elapsed + next) * windowSeconds;
}
