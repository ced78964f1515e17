import { createCheckoutSessionHandler } from '@nobs-pay/svelte/server';
import { catalog } from '$lib/catalog';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

let handler: ((request: Request) => Promise<Response>) | undefined;

/** `POST /api/subscribe` with `{ items: [{ sku, quantity: 1 }] }`: a hosted Checkout Session URL. */
export const POST: RequestHandler = async ({ request }) => {
	if (!handler) {
		const { stripe, config } = await getServices();
		handler = createCheckoutSessionHandler({
			stripe,
			catalog,
			mode: 'subscription',
			uiMode: 'hosted',
			successUrl: `${config.origin}/subscribed?session_id={CHECKOUT_SESSION_ID}`,
			cancelUrl: `${config.origin}/#plans`,
			onError: (error) => console.error('Creating the Checkout Session failed:', error)
		});
	}
	return handler(request);
};
