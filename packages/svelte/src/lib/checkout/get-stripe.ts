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

/**
 * Loads Stripe.js once per publishable key (and options) and returns the same promise to every
 * caller. Stripe.js is only fetched on the first call, so pages that never check out never load it.
 * A failed load is forgotten, so the next call retries instead of failing forever.
 *
 * Pass the result straight to `<Checkout.Root stripe={...}>`: it accepts the promise.
 * @example const stripe = getStripe(PUBLIC_STRIPE_KEY);
 */
export function getStripe(
	publishableKey: string,
	options?: StripeConstructorOptions
): Promise<Stripe | null> {
	const key = JSON.stringify([publishableKey, options ?? null]);
	let load = loads.get(key);
	if (!load) {
		load = loadFresh(publishableKey, options);
		loads.set(key, load);
		load.catch(() => loads.delete(key));
	}
	return load;
}

async function loadFresh(
	publishableKey: string,
	options: StripeConstructorOptions | undefined
): Promise<Stripe | null> {
	// The pure entry does not inject the script on import; importing it lazily keeps Stripe.js
	// (and its loader) out of the bundle of every page that never calls getStripe.
	const { loadStripe } = await import('@stripe/stripe-js/pure');
	const stripe = await loadStripe(publishableKey, options);
	stripe?.registerAppInfo({ ...APP_INFO });
	return stripe;
}
