import { HttpError, createPaymentIntentHandler, formatMoney, money } from '@nobs-pay/svelte/server';
import { z } from 'zod';
import { catalog } from '../catalog.js';
import { attachPaymentIntent, createPendingOrder, orderPath } from './orders.js';
import type { Services } from './services.js';

// The library validates and prices `items`; the email is this store's own field.
const emailSchema = z.object({ email: z.email().max(254) });

/**
 * `POST /api/checkout` with `{ items: [{ sku, quantity }], email }`: records a pending order for the
 * cart as priced from the catalog, creates its PaymentIntent and answers
 * `{ orderId, orderUrl, clientSecret, amount, currency }`. Prices sent by the client are ignored.
 */
export function createCheckoutEndpoint({
	stripe,
	database,
	config,
	outboxKey
}: Pick<Services, 'stripe' | 'database' | 'config' | 'outboxKey'>): (
	request: Request
) => Promise<Response> {
	// The access token exists in plaintext only for the length of one request: it goes from the
	// order to the response, never to Stripe.
	const accessTokens = new WeakMap<Request, string>();

	return createPaymentIntentHandler({
		stripe,
		catalog,
		resolveOrder: async ({ request, cart, body }) => {
			const parsed = emailSchema.safeParse(body);
			if (!parsed.success) {
				throw new HttpError(400, 'invalid_email', 'Enter a valid email address for the receipt.');
			}
			const order = await createPendingOrder(
				database.db,
				{
					email: parsed.data.email,
					lines: cart.lines.map(({ sku, name, unitAmount, quantity }) => ({
						sku,
						name,
						unitAmount,
						quantity
					})),
					currency: cart.currency,
					amount: cart.amount,
					displayTotal: formatMoney(money({ amount: cart.amount, currency: cart.currency }), {
						locale: 'en-US'
					}),
					// The configured origin, never the request's Host header: receipt links must point here.
					origin: config.origin
				},
				{ outboxKey }
			);
			accessTokens.set(request, order.accessToken);
			return { orderId: order.orderId };
		},
		onCreated: async ({ request, paymentIntent, orderId }) => {
			const accessToken = accessTokens.get(request);
			if (!accessToken) throw new Error('onCreated ran without resolveOrder for this request.');
			await attachPaymentIntent(database.db, { orderId, paymentIntentId: paymentIntent.id });
			return { orderId, orderUrl: orderPath(accessToken) };
		},
		onError: (error) => console.error('Creating the PaymentIntent failed:', error)
	});
}
