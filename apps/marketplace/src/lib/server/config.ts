import { z } from 'zod';
import { productMapSetting } from './sources/product-map.js';
import { isTimeZone } from './admin/metrics-time-zone.js';

/**
 * Everything the marketplace reads from its environment, validated once. Whether payments go to
 * Stripe or to the offline sandbox is decided here and nowhere else: the sandbox is only a
 * different API host and Stripe.js URL, so business code never asks which one it talks to.
 */
const environmentSchema = z.object({
	STRIPE_SECRET_KEY: z
		.string()
		.regex(/^(sk|rk)_test_/, 'Use a test-mode key (sk_test_… or rk_test_…).'),
	STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_test_/, 'Use a test-mode key (pk_test_…).'),
	/** Comma-separated: several secrets are accepted while one is being rotated. */
	STRIPE_WEBHOOK_SECRET: z.string().min(1),
	/** Where the Stripe API lives. Unset: api.stripe.com. The sandbox sets it to its own URL. */
	STRIPE_API_URL: z.url().optional(),
	/** Where Stripe.js is loaded from. Unset: js.stripe.com. */
	STRIPE_JS_URL: z.url().default('https://js.stripe.com/endive/stripe.js'),
	/** Set by `pnpm start` when it runs the offline sandbox: shows the banner and /dev/mail. */
	NOBS_SANDBOX: z.enum(['0', '1']).default('0'),
	DATABASE_URL: z.string().optional(),
	DATA_DIR: z.string().default('./data'),
	SMTP_URL: z.string().optional(),
	/**
	 * 32 bytes in base64 (`openssl rand -base64 32`): seals mail bodies in the outbox. Unset: a key
	 * generated once and kept in DATA_DIR/outbox.key. Set it when several hosts share a database.
	 */
	OUTBOX_KEY: z
		.string()
		.refine((value) => Buffer.from(value, 'base64').length === 32, '32 bytes in base64')
		.optional(),
	ORIGIN: z.url().default('http://localhost:3000'),
	/**
	 * Signs the session cookies (Better Auth), 32 characters or more. Unset: derived from the
	 * outbox key, so one secret fewer to manage; set it when several hosts share a database.
	 */
	AUTH_SECRET: z.string().min(32).optional(),
	/** Redis for the rate limits, shared by every app process. Unset: counted in memory. */
	REDIS_URL: z.string().optional(),
	/** `POST /api/checkout` calls per client IP per minute. */
	RATE_LIMIT_CHECKOUT: z.coerce.number().int().positive().default(10),
	/** `POST /api/licenses/validate` calls per client IP per minute. */
	RATE_LIMIT_LICENSES: z.coerce.number().int().positive().default(60),
	/** Sign-in links and team invitations asked for per client IP per minute (each sends mail). */
	RATE_LIMIT_SIGN_IN: z.coerce.number().int().positive().default(10),
	/** Billing calls (subscribe, plan changes, portal) per signed-in account per minute. */
	RATE_LIMIT_ACCOUNT: z.coerce.number().int().positive().default(30),
	/** Support tickets opened and replies written per client IP per minute (each sends mail). */
	RATE_LIMIT_SUPPORT: z.coerce.number().int().positive().default(5),
	/** Prefix of the counters in Redis: apps that must not share limits (tests, two shops) differ. */
	RATE_LIMIT_PREFIX: z
		.string()
		.regex(/^[a-z0-9_]{1,40}$/)
		.default('nobs'),
	/**
	 * Sandbox mode only: every signed-in account has this API plan, for trying the License API
	 * (and benchmarking it) before the accounts' subscriptions exist. Ignored outside the sandbox.
	 */
	API_DEV_PLAN: z.enum(['api-pro', 'api-team', 'api-enterprise']).optional(),
	/**
	 * Comma-separated emails of the shop's admins: their accounts may open `/admin`. Unset: nobody.
	 */
	ADMIN_EMAILS: z.string().default(''),
	/**
	 * A bearer token for `/admin/api/*` (scripts, monitoring), 32 characters or more. Unset: only
	 * signed-in admins reach the admin API.
	 */
	ADMIN_API_TOKEN: z.string().min(32).optional(),
	/**
	 * The shop's time zone (IANA, `Europe/Paris`): where its calendar months begin, for the revenue
	 * milestones. @default UTC
	 */
	SHOP_TIME_ZONE: z
		.string()
		.refine(isTimeZone, 'An IANA time zone such as Europe/Paris')
		.default('UTC'),
	/**
	 * Revenue milestones: net revenue of a calendar month, in whole units of the shop's currency,
	 * comma-separated. Each one crossed emails the admins once.
	 */
	MILESTONES: z
		.string()
		.regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'Whole amounts, comma-separated: 1000,5000,10000')
		.default('1000,5000,10000'),
	/** `/readyz`: most unsent messages (queued or being sent) before the outbox check fails. */
	HEALTH_OUTBOX_MAX_QUEUED: z.coerce.number().int().nonnegative().default(100),
	/** `/readyz`: the oldest unsent message's age, in minutes, before the outbox check fails. */
	HEALTH_OUTBOX_MAX_AGE_MINUTES: z.coerce.number().int().positive().default(15),
	/** `/readyz`: most webhook events that failed and wait for Stripe's retry. */
	HEALTH_WEBHOOK_MAX_FAILED: z.coerce.number().int().nonnegative().default(0),
	/** `/readyz`: the oldest unprocessed webhook event's age, in minutes. */
	HEALTH_WEBHOOK_MAX_AGE_MINUTES: z.coerce.number().int().positive().default(10),
	/** Failed payments (`payment_intent.payment_failed`, `invoice.payment_failed`) in an hour that email the admins. */
	ALERT_PAYMENT_FAILURES_PER_HOUR: z.coerce.number().int().positive().default(5),
	/** Shown on the contact and legal pages, as Stripe asks of a live account. */
	CONTACT_EMAIL: z.email().default('support@nobs-pay.dev'),
	/** The business's postal address, one line; the contact page omits it when unset. */
	CONTACT_ADDRESS: z.string().trim().min(1).optional(),
	/**
	 * The secret path segment of the Gumroad Ping URL (`/api/gumroad/ping/<secret>`), 24 characters
	 * or more. Unset: the route answers 404.
	 */
	GUMROAD_PING_SECRET: z
		.string()
		.regex(/^[A-Za-z0-9_-]{24,128}$/)
		.optional(),
	/** The shop's Gumroad seller id: pings of any other seller are refused. */
	GUMROAD_SELLER_ID: z.string().min(1).optional(),
	/** `<product id or permalink>=<sku>` pairs, comma-separated (see sources/product-map.ts). */
	GUMROAD_PRODUCTS: productMapSetting,
	/** The Lemon Squeezy webhook's signing secret (6 to 40 characters). Unset: the route answers 404. */
	LEMONSQUEEZY_SIGNING_SECRET: z.string().min(6).max(40).optional(),
	/** The shop's Lemon Squeezy store id: orders of other stores are recorded, never fulfilled. */
	LEMONSQUEEZY_STORE_ID: z.string().regex(/^\d+$/).optional(),
	/** `<variant id>=<sku>` pairs, comma-separated. */
	LEMONSQUEEZY_VARIANTS: productMapSetting,
	/** `<product id>=<sku>` pairs, for products whose every variant is the same SKU. */
	LEMONSQUEEZY_PRODUCTS: productMapSetting
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type Config = ReturnType<typeof readConfig>;

const sandboxMode = (value: { NOBS_SANDBOX: string }, api: URL | undefined) =>
	value.NOBS_SANDBOX === '1' && api !== undefined && LOOPBACK.has(api.hostname);

export function readConfig(env: Record<string, string | undefined> = process.env) {
	const result = environmentSchema.safeParse(env);
	if (!result.success) {
		throw new Error(
			`The marketplace's environment is incomplete:\n${z.prettifyError(result.error)}\n` +
				'Run `pnpm start` to use the offline sandbox, or set real Stripe test-mode keys.'
		);
	}
	const value = result.data;
	if (value.GUMROAD_PING_SECRET && !value.GUMROAD_SELLER_ID) {
		throw new Error('GUMROAD_PING_SECRET is set without GUMROAD_SELLER_ID: set both, or neither.');
	}
	const api = value.STRIPE_API_URL ? new URL(value.STRIPE_API_URL) : undefined;
	const stripeJs = new URL(value.STRIPE_JS_URL);
	return {
		stripe: {
			secretKey: value.STRIPE_SECRET_KEY,
			publishableKey: value.STRIPE_PUBLISHABLE_KEY,
			webhookSecrets: value.STRIPE_WEBHOOK_SECRET.split(',')
				.map((secret) => secret.trim())
				.filter(Boolean),
			/** Options for the `stripe` client: the API host, or nothing for api.stripe.com. */
			clientOptions: api
				? {
						host: api.hostname,
						port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
						protocol: api.protocol.replace(':', '') as 'http' | 'https'
					}
				: {},
			jsUrl: stripeJs.href,
			/** Origins the browser must reach for payments: the Content-Security-Policy allows these. */
			origins: api
				? [...new Set([api.origin, stripeJs.origin])]
				: [
						'https://js.stripe.com',
						'https://*.js.stripe.com',
						'https://api.stripe.com',
						'https://hooks.stripe.com'
					]
		},
		// Sandbox mode shows the development mailbox (receipts with license keys): it needs both the
		// flag and an API on this machine, so a stray flag in production exposes nothing.
		sandbox: sandboxMode(value, api),
		databaseUrl: value.DATABASE_URL,
		dataDir: value.DATA_DIR,
		smtpUrl: value.SMTP_URL,
		outboxKey: value.OUTBOX_KEY,
		rateLimits: {
			redisUrl: value.REDIS_URL,
			checkoutPerMinute: value.RATE_LIMIT_CHECKOUT,
			licensesPerMinute: value.RATE_LIMIT_LICENSES,
			signInPerMinute: value.RATE_LIMIT_SIGN_IN,
			accountPerMinute: value.RATE_LIMIT_ACCOUNT,
			supportPerMinute: value.RATE_LIMIT_SUPPORT,
			keyPrefix: value.RATE_LIMIT_PREFIX
		},
		/** Sandbox mode only (see API_DEV_PLAN). */
		apiDevPlan: sandboxMode(value, api) ? value.API_DEV_PLAN : undefined,
		origin: value.ORIGIN,
		authSecret: value.AUTH_SECRET,
		contact: { email: value.CONTACT_EMAIL, address: value.CONTACT_ADDRESS },
		admin: {
			/** Lower-cased, so `Founder@Shop.dev` in the setting matches the account's address. */
			emails: new Set(
				value.ADMIN_EMAILS.split(',')
					.map((email) => email.trim().toLowerCase())
					.filter(Boolean)
			),
			apiToken: value.ADMIN_API_TOKEN
		},
		/** Other platforms whose sales become orders here; each is off until its secret is set. */
		sources: {
			gumroad:
				value.GUMROAD_PING_SECRET && value.GUMROAD_SELLER_ID
					? {
							pingSecret: value.GUMROAD_PING_SECRET,
							sellerId: value.GUMROAD_SELLER_ID,
							products: value.GUMROAD_PRODUCTS
						}
					: undefined,
			lemonSqueezy: value.LEMONSQUEEZY_SIGNING_SECRET
				? {
						signingSecret: value.LEMONSQUEEZY_SIGNING_SECRET,
						storeId: value.LEMONSQUEEZY_STORE_ID,
						variants: value.LEMONSQUEEZY_VARIANTS,
						products: value.LEMONSQUEEZY_PRODUCTS
					}
				: undefined
		},
		timeZone: value.SHOP_TIME_ZONE,
		/** In whole units of the shop's currency, ascending, without duplicates. */
		milestones: [...new Set(value.MILESTONES.split(',').map((amount) => Number(amount.trim())))]
			.filter((amount) => amount > 0)
			.sort((a, b) => a - b),
		health: {
			outboxMaxQueued: value.HEALTH_OUTBOX_MAX_QUEUED,
			outboxMaxAgeMs: value.HEALTH_OUTBOX_MAX_AGE_MINUTES * 60_000,
			webhookMaxFailed: value.HEALTH_WEBHOOK_MAX_FAILED,
			webhookMaxAgeMs: value.HEALTH_WEBHOOK_MAX_AGE_MINUTES * 60_000,
			paymentFailuresPerHour: value.ALERT_PAYMENT_FAILURES_PER_HOUR
		}
	};
}
