import Stripe from 'stripe';

/** Options of `createStripe`. */
export interface CreateStripeOptions {
	/**
	 * Environment variables, e.g. `env` from `$env/dynamic/private` or `process.env`. Read:
	 * `STRIPE_SECRET_KEY` (required) and `STRIPE_API_BASE` (optional: the API's origin, such as
	 * `http://127.0.0.1:12111` for `@nobs-pay/sandbox`; unset means api.stripe.com).
	 */
	env: Record<string, string | undefined>;
	/** More options for the client (`appInfo`, `maxNetworkRetries`...). */
	config?: Stripe.StripeConfig;
}

/**
 * The `stripe` client, pointed at Stripe or, when `STRIPE_API_BASE` is set, at another
 * Stripe-compatible API such as the sandbox: configuration decides, business code has no `if`.
 * @example const stripe = createStripe({ env }); // env from '$env/dynamic/private'
 */
export function createStripe({ env, config }: CreateStripeOptions): Stripe {
	const secretKey = env.STRIPE_SECRET_KEY;
	if (!secretKey) throw new TypeError('createStripe: STRIPE_SECRET_KEY is not set.');
	return new Stripe(secretKey, { ...config, ...apiBase(env.STRIPE_API_BASE) });
}

function apiBase(
	value: string | undefined
): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
	if (!value) return {};
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new TypeError(`createStripe: STRIPE_API_BASE "${value}" is not a URL.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new TypeError('createStripe: STRIPE_API_BASE must be an http(s) URL.');
	}
	const protocol = url.protocol === 'https:' ? 'https' : 'http';
	return {
		host: url.hostname,
		port: Number(url.port) || (protocol === 'https' ? 443 : 80),
		protocol
	};
}
