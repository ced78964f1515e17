import type { Stripe, StripeConstructorOptions } from '@stripe/stripe-js';
import { VERSION } from '../version.js';

/**
 * Sent to Stripe with `registerAppInfo` so Stripe can attribute traffic (and support issues) to
 * this library. The version is written from package.json on every build.
 */
export const APP_INFO = {
	name: '@nobs-pay/svelte',
	version: VERSION,
	url: 'https://github.com/nobs-pay/nobs-pay'
} as const;

const loads = new Map<string, Promise<Stripe | null>>();

/** Options of `getStripe`: Stripe's own, plus where Stripe.js comes from. */
export interface GetStripeOptions extends StripeConstructorOptions {
	/**
	 * Load Stripe.js from this URL instead of js.stripe.com, e.g. the sandbox's stand-in in
	 * development. Pass a public env var (`env.PUBLIC_STRIPE_JS_URL`); unset or empty means Stripe's.
	 */
	stripeJsUrl?: string;
}

/**
 * Loads Stripe.js once per publishable key (and options) and returns the same promise to every
 * caller. Stripe.js is only fetched on the first call, so pages that never check out never load it.
 * A failed load is forgotten, so the next call retries instead of failing forever.
 *
 * Pass the result straight to `<Checkout.Root stripe={...}>`: it accepts the promise.
 * @example const stripe = getStripe(env.PUBLIC_STRIPE_PUBLISHABLE_KEY, { stripeJsUrl: env.PUBLIC_STRIPE_JS_URL });
 */
export function getStripe(
	publishableKey: string,
	options?: GetStripeOptions
): Promise<Stripe | null> {
	const key = JSON.stringify([publishableKey, options ?? null]);
	let load = loads.get(key);
	if (!load) {
		const { stripeJsUrl, ...stripeOptions } = options ?? {};
		load = (async () => {
			// Stripe's loader uses a `window.Stripe` that is already there, so a stand-in loaded first wins.
			if (stripeJsUrl && typeof document !== 'undefined') {
				await new Promise((onload, reject) =>
					document.head.append(
						Object.assign(document.createElement('script'), {
							src: stripeJsUrl,
							async: true,
							onload,
							onerror: () => reject(new Error(`Could not load Stripe.js from ${stripeJsUrl}`))
						})
					)
				);
			}
			// The pure entry does not inject the script on import; importing it lazily keeps Stripe.js
			// (and its loader) out of the bundle of every page that never calls getStripe.
			const { loadStripe } = await import('@stripe/stripe-js/pure');
			const stripe = await loadStripe(
				publishableKey,
				Object.keys(stripeOptions).length ? stripeOptions : undefined
			);
			stripe?.registerAppInfo({ ...APP_INFO });
			return stripe;
		})();
		loads.set(key, load);
		load.catch(() => loads.delete(key));
	}
	return load;
}
