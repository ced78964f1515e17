import { createPaymentIntentHandler, formatMoney, money } from '@nobs-pay/svelte/server';
import { z } from 'zod';
import { catalog } from '../catalog.js';
import { attachPaymentIntent, createPendingOrder, orderPath } from './orders.js';
import type { Services } from './services.js';

// The rest of the body ({ items }) is validated and priced by the library's handler.
const checkoutBodySchema = z.object({ email: z.email().max(254) });

/**
 * `POST /api/checkout` with `{ items: [{ sku, quantity }], email }`: records a pending order for the
 * cart as priced from the catalog, creates its PaymentIntent and answers
 * `{ orderId, orderUrl, clientSecret, amount, currency }`. Prices sent by the client are ignored.
 */
export async function handleCheckout(
	request: Request,
	{ stripe, database }: Pick<Services, 'stripe' | 'database'>
): Promise<Response> {
	const body = await request
		.clone()
		.json()
		.catch(() => undefined);
	const email = checkoutBodySchema.safeParse(body);
	if (!email.success) {
		// Malformed JSON is the library handler's to report, with its own code.
		if (body !== undefined) {
			return Response.json(
				{
					error: { code: 'invalid_email', message: 'Enter a valid email address for the receipt.' }
				},
				{ status: 400 }
			);
		}
	}

	let accessToken = '';
	const handler = createPaymentIntentHandler({
		stripe,
		catalog,
		resolveOrder: async ({ cart, request }) => {
			const order = await createPendingOrder(database.db, {
				email: email.data?.email ?? '',
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
				origin: new URL(request.url).origin
			});
			accessToken = order.accessToken;
			return { orderId: order.orderId };
		},
		onCreated: async ({ paymentIntent, orderId }) => {
			await attachPaymentIntent(database.db, { orderId, paymentIntentId: paymentIntent.id });
			return { orderId, orderUrl: orderPath(accessToken) };
		},
		onError: (error) => console.error('Creating the PaymentIntent failed:', error)
	});
	return handler(request);
}
