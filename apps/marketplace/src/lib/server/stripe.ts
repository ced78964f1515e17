import Stripe from 'stripe';
import type { Config } from './config.js';

/** The one Stripe client of the app; the config decides whether it reaches Stripe or the sandbox. */
export function createStripe(config: Config): Stripe {
	return new Stripe(config.stripe.secretKey, {
		...config.stripe.clientOptions,
		appInfo: { name: 'NOBS Pay marketplace', url: 'https://github.com/nobs-pay/nobs-pay' },
		maxNetworkRetries: 2
	});
}
