import type { Price } from '@nobs-pay/svelte';

/**
 * Starts a subscription: the server creates a Checkout Session for the plan's SKU (the price
 * comes from the catalog, never from here) and the shopper continues on the hosted page.
 */
export async function subscribe(price: Price): Promise<void> {
	const response = await fetch('/api/subscribe', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items: [{ sku: price.sku, quantity: 1 }] })
	});
	const body = await response.json().catch(() => ({}));
	if (!response.ok || typeof body.url !== 'string') {
		throw new Error(
			body?.error?.message ?? 'The subscription could not be started. Please try again.'
		);
	}
	location.assign(body.url);
}
