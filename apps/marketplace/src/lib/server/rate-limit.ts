import type { Redis } from 'ioredis';
import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';
import type { PlanLimits } from '../catalog.js';
import {
	createSlidingWindow,
	type SlidingWindow,
	type SlidingWindowResult
} from './sliding-window.js';

/** Per-IP limits of the endpoints an anonymous caller can use to make the store do work. */
export interface RateLimits {
	/** `POST /api/checkout`: each call writes a customer, an order, a receipt and a PaymentIntent. */
	checkout: RateLimiterAbstract;
	/** `POST /api/licenses/validate`: bounds guessing license keys. */
	licenses: RateLimiterAbstract;
	/** Sign-in links and team invitations: each sends an email. */
	signIn: RateLimiterAbstract;
	/** A signed-in account's billing calls (subscribe, plan, portal): each calls Stripe. */
	account: RateLimiterAbstract;
	/** Support tickets opened and replies written: each stores a message and sends mail. */
	support: RateLimiterAbstract;
	/** Per-account limits of the License API (`/api/v1`), by plan. */
	api: ApiLimits;
	/** The Redis connection the limits share, when `redisUrl` is set. */
	redis: Redis | undefined;
	/** Closes the Redis connection, if any. */
	close(): Promise<void>;
}

export interface RateLimitOptions {
	/** Redis shared by every app process. Unset: counted in this process's memory. */
	redisUrl?: string;
	/** Checkouts per IP per minute. @default 10 */
	checkoutPerMinute?: number;
	/** License validations per IP per minute. @default 60 */
	licensesPerMinute?: number;
	/** Sign-in links and invitations per IP per minute. @default 10 */
	signInPerMinute?: number;
	/** Billing calls (subscribe, plan, portal) per account per minute. @default 30 */
	accountPerMinute?: number;
	/** Support tickets and replies per IP per minute. @default 5 */
	supportPerMinute?: number;
	/** Prefix of the Redis keys, so two stores can share one Redis. @default 'nobs' */
	keyPrefix?: string;
}

/**
 * The store's rate limiters (rate-limiter-flexible): in memory by default, in Redis when
 * `redisUrl` is set, so that several app processes share one count. When Redis is unreachable an
 * in-memory limiter takes over (the insurance limiter) rather than the endpoint failing.
 * @example const limits = await createRateLimits({ redisUrl: process.env.REDIS_URL });
 */
export async function createRateLimits(options: RateLimitOptions = {}): Promise<RateLimits> {
	const {
		redisUrl,
		checkoutPerMinute = 10,
		licensesPerMinute = 60,
		signInPerMinute = 10,
		accountPerMinute = 30,
		supportPerMinute = 5,
		keyPrefix = 'nobs'
	} = options;
	const limits = {
		checkout: checkoutPerMinute,
		licenses: licensesPerMinute,
		signIn: signInPerMinute,
		account: accountPerMinute,
		support: supportPerMinute
	};
	const memory = (name: keyof typeof limits) =>
		new RateLimiterMemory({
			keyPrefix: `${keyPrefix}:${name}`,
			points: limits[name],
			duration: 60
		});
	if (!redisUrl) {
		return {
			checkout: memory('checkout'),
			licenses: memory('licenses'),
			signIn: memory('signIn'),
			account: memory('account'),
			support: memory('support'),
			api: createApiLimits({ keyPrefix }),
			redis: undefined,
			close: async () => {}
		};
	}
	// Loaded on demand: the default, Redis-less set-up never opens a connection.
	const { Redis } = await import('ioredis');
	// No offline queue: while Redis is down a call fails at once and the insurance limiter answers.
	// Auto-pipelining sends the commands of concurrent calls in one write.
	const client = new Redis(redisUrl, {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
		enableAutoPipelining: true
	});
	client.on('error', (error) => console.error('Redis (rate limits):', error.message));
	// Waits for the connection (or its first failure): without an offline queue, calls made before
	// it is up would all go to the insurance limiters, which do not share counts between instances.
	await new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, 5_000);
		const done = () => {
			clearTimeout(timer);
			resolve();
		};
		client.once('ready', done);
		client.once('error', done);
	});
	const redis = (name: keyof typeof limits) =>
		new RateLimiterRedis({
			storeClient: client,
			keyPrefix: `${keyPrefix}:${name}`,
			points: limits[name],
			duration: 60,
			insuranceLimiter: memory(name)
		});
	return {
		checkout: redis('checkout'),
		licenses: redis('licenses'),
		signIn: redis('signIn'),
		account: redis('account'),
		support: redis('support'),
		api: createApiLimits({ keyPrefix, redis: client }),
		redis: client,
		close: async () => {
			await client.quit().catch(() => client.disconnect());
		}
	};
}

/**
 * Counts one request of `key` (the client's IP). `undefined` while within the limit; past it, the
 * 429 to answer, with `Retry-After` in seconds and the usual `{ error: { code, message } }`.
 */
export async function rateLimited(
	limiter: RateLimiterAbstract,
	key: string
): Promise<Response | undefined> {
	try {
		await limiter.consume(key);
		return undefined;
	} catch (error) {
		if (!(error instanceof RateLimiterRes)) throw error;
		const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
		return new Response(
			JSON.stringify({
				error: { code: 'rate_limited', message: `Too many requests; try again in ${seconds} s.` }
			}),
			{
				status: 429,
				headers: { 'content-type': 'application/json', 'retry-after': String(seconds) }
			}
		);
	}
}

/** One account's call against its plan: the limits and the billing period it falls in. */
export interface ApiCall {
	accountId: string;
	limits: PlanLimits;
	periodStart: Date;
	periodEnd: Date;
}

export type ApiLimitResult =
	| {
			allowed: true;
			/** `RateLimit-Policy` and `RateLimit` (IETF draft) for the answer. */
			headers: Record<string, string>;
			/** Calls of the period so far, this one included. */
			used: number;
	  }
	| { allowed: false; response: Response };

export interface ApiLimits {
	/**
	 * Counts one call against the plan's requests per minute, then its calls per period. A call
	 * refused by either is not counted in the period.
	 */
	consume(call: ApiCall): Promise<ApiLimitResult>;
	/**
	 * The `RateLimit-Policy` and `RateLimit` headers as the limits stand, counting nothing: for
	 * answers that are not a call of their own (an idempotent replay).
	 */
	peek(call: ApiCall): Promise<Record<string, string>>;
	/**
	 * Where a period's count starts when no counter holds it (a restart in memory, an emptied
	 * Redis): the calls recorded in the database. Set once the usage store exists.
	 */
	seedFrom(seed: (accountId: string, periodStart: Date) => Promise<number>): void;
}

/**
 * The License API's limits with rate-limiter-flexible: a sliding minute per account (one window
 * per plan size, see `sliding-window.ts`) and a per-period counter per account, in Redis when
 * given, so that all app instances share them, else in this process's memory.
 */
export function createApiLimits(options: {
	keyPrefix: string;
	redis?: Redis;
	/** @default Date.now */
	now?: () => number;
}): ApiLimits {
	const { keyPrefix, redis, now = Date.now } = options;
	/** One sliding window per plan size (requests per minute). */
	const windows = new Map<number, SlidingWindow>();
	// Only counts: whether a call is over its plan's quota is decided here, per plan. In memory the
	// counters never expire (Node's timers stop at 24.8 days; each key names its period anyway).
	const counterOptions = { keyPrefix: `${keyPrefix}:api-period`, points: Number.MAX_SAFE_INTEGER };
	const periodCounter = redis
		? new RateLimiterRedis({ ...counterOptions, storeClient: redis, duration: 31 * 86_400 })
		: new RateLimiterMemory({ ...counterOptions, duration: 0 });
	/** Seconds a period's counter is kept: a day past the period, so a late call cannot restart it. */
	const keepFor = (periodLeft: number) => (redis ? periodLeft + 86_400 : 0);
	let seed: (accountId: string, periodStart: Date) => Promise<number> = async () => 0;
	const seeded = new Map<string, Promise<void>>();

	/** Loads the period's count from the database once per process, unless a counter has it. */
	const ensureSeeded = (key: string, call: ApiCall, seconds: number) => {
		let done = seeded.get(key);
		if (!done) {
			done = (async () => {
				if (await periodCounter.get(key)) return;
				await periodCounter.set(key, await seed(call.accountId, call.periodStart), seconds);
			})().catch((error) => {
				seeded.delete(key);
				throw error;
			});
			if (seeded.size >= 100_000) seeded.clear();
			seeded.set(key, done);
		}
		return done;
	};

	const windowOf = (rpm: number) => {
		let minute = windows.get(rpm);
		if (!minute) {
			minute = createSlidingWindow({
				keyPrefix: `${keyPrefix}:api-rpm-${rpm}`,
				points: rpm,
				redis,
				now
			});
			windows.set(rpm, minute);
		}
		return minute;
	};

	/** The call's policy header, its period's counter key and how long that counter is kept. */
	const describeCall = (call: ApiCall) => {
		const { limits } = call;
		const periodSeconds = Math.max(
			60,
			Math.ceil((call.periodEnd.getTime() - call.periodStart.getTime()) / 1000)
		);
		const periodLeft = Math.max(1, Math.ceil((call.periodEnd.getTime() - now()) / 1000));
		return {
			policy: `"minute";q=${limits.requestsPerMinute};w=60, "period";q=${limits.callsPerPeriod};w=${periodSeconds}`,
			periodLeft,
			key: `${call.accountId}:${call.periodStart.toISOString()}`,
			customDuration: keepFor(periodLeft)
		};
	};

	return {
		seedFrom(next) {
			seed = next;
		},
		async peek(call) {
			const { policy, periodLeft, key, customDuration } = describeCall(call);
			const minute = await windowOf(call.limits.requestsPerMinute).peek(call.accountId);
			let used = 0;
			try {
				await ensureSeeded(key, call, customDuration);
				used = (await periodCounter.get(key))?.consumedPoints ?? 0;
			} catch (error) {
				console.error('Reading the API calls of a period failed:', error);
			}
			const remaining = Math.max(0, call.limits.callsPerPeriod - used);
			return {
				'ratelimit-policy': policy,
				ratelimit: `${minuteState(minute)}, "period";r=${remaining};t=${periodLeft}`
			};
		},
		async consume(call) {
			const { limits, accountId } = call;
			const rpm = limits.requestsPerMinute;
			const { policy, periodLeft, key, customDuration } = describeCall(call);

			const thisMinute = await windowOf(rpm).consume(accountId);
			const minuteHeader = minuteState(thisMinute);
			if (!thisMinute.allowed) {
				const seconds = thisMinute.resetSeconds;
				return refused(
					'rate_limited',
					`More than ${rpm} requests a minute; try again in ${seconds} s.`,
					{ 'ratelimit-policy': policy, ratelimit: minuteHeader, 'retry-after': String(seconds) }
				);
			}

			let used: number;
			try {
				await ensureSeeded(key, call, customDuration);
				used = (await periodCounter.consume(key, 1, { customDuration })).consumedPoints;
			} catch (error) {
				// Redis unreachable: the per-minute limit still holds (its insurance limiter), and the
				// call is served uncapped rather than failed. The database still counts it.
				console.error('Counting an API call in its period failed:', error);
				used = 0;
			}
			if (limits.beyondQuota === 'block' && used > limits.callsPerPeriod) {
				await periodCounter.reward(key, 1, { customDuration });
				return refused(
					'quota_exceeded',
					`This plan's ${limits.callsPerPeriod} calls for the period are used; they renew on ${call.periodEnd.toISOString()}.`,
					{
						'ratelimit-policy': policy,
						ratelimit: `${minuteHeader}, "period";r=0;t=${periodLeft}`,
						'retry-after': String(periodLeft)
					}
				);
			}
			const remaining = Math.max(0, limits.callsPerPeriod - used);
			return {
				allowed: true,
				used,
				headers: {
					'ratelimit-policy': policy,
					ratelimit: `${minuteHeader}, "period";r=${remaining};t=${periodLeft}`
				}
			};
		}
	};
}

const minuteState = (minute: SlidingWindowResult) =>
	`"minute";r=${minute.remaining};t=${minute.resetSeconds}`;

function refused(code: string, message: string, headers: Record<string, string>): ApiLimitResult {
	return {
		allowed: false,
		response: new Response(JSON.stringify({ error: { code, message } }), {
			status: 429,
			headers: { 'content-type': 'application/json', ...headers }
		})
	};
}
