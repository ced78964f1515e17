import {
	RateLimiterMemory,
	RateLimiterRedis,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

/** Per-IP limits of the endpoints an anonymous caller can use to make the store do work. */
export interface RateLimits {
	/** `POST /api/checkout`: each call writes a customer, an order, a receipt and a PaymentIntent. */
	checkout: RateLimiterAbstract;
	/** `POST /api/licenses/validate`: bounds guessing license keys. */
	licenses: RateLimiterAbstract;
	/** Sign-in links and team invitations: each sends an email. */
	signIn: RateLimiterAbstract;
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
		keyPrefix = 'nobs'
	} = options;
	const limits = {
		checkout: checkoutPerMinute,
		licenses: licensesPerMinute,
		signIn: signInPerMinute
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
			close: async () => {}
		};
	}
	// Loaded on demand: the default, Redis-less set-up never opens a connection.
	const { Redis } = await import('ioredis');
	// No offline queue: while Redis is down a call fails at once and the insurance limiter answers.
	const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
	client.on('error', (error) => console.error('Redis (rate limits):', error.message));
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
