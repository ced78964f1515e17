import { error } from '@sveltejs/kit';
import { signInPath } from './guard.js';
import { startPlanCheckout } from './plan-checkout.js';
import type { Services } from '../services.js';

/**
 * Where subscribing to a plan SKU leads the signed-in (or not) visitor: the hosted Checkout
 * Session, sign-in on the way (returning to `/subscribe/<sku>`), or the billing page of an
 * account that already has a plan. Answers an absolute URL.
 */
export async function subscribeUrl(
	services: Pick<Services, 'stripe' | 'billing' | 'config'>,
	input: { locals: App.Locals; sku: string }
): Promise<string> {
	const { stripe, billing, config } = services;
	const { user, accountId } = input.locals;
	const origin = config.origin;
	if (!user || !accountId) return new URL(signInPath(`/subscribe/${input.sku}`), origin).href;
	const result = await startPlanCheckout({
		stripe,
		customers: billing.customers,
		subscriptions: billing.subscriptions,
		prices: await billing.planPrices(),
		user,
		accountId,
		sku: input.sku,
		origin
	});
	if (result.outcome === 'checkout') return result.url;
	if (result.outcome === 'unknown-plan') error(404, 'No such plan.');
	return `${origin}/account/billing`;
}
