import { startCheckoutSession, type Price } from '@nobs-pay/svelte';

/**
 * Starts a subscription: the server creates a Checkout Session for the plan's SKU (the price
 * comes from the catalog, never from here) and the shopper continues on the hosted page.
 * Resolves to an error message to show, or never resolves because the page navigates away.
 */
export async function subscribe(price: Pick<Price, 'sku'>): Promise<string | undefined> {
	try {
		await startCheckoutSession({ endpoint: '/api/subscribe', sku: price.sku });
	} catch (error) {
		return error instanceof Error ? error.message : 'The subscription could not be started.';
	}
}
