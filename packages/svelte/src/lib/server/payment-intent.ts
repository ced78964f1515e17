import type Stripe from 'stripe';
import type { Catalog } from '../pricing/catalog.js';
import {
	HttpError,
	errorResponse,
	eventOf,
	json,
	type EndpointHandler,
	type RequestEventLike
} from './http.js';
import {
	idempotencyKey,
	orderMetadata,
	readPricedCart,
	resolveOrderFor,
	type ResolveOrder
} from './cart-request.js';
import type { PricedCart } from './price-cart.js';

/** What `onCreated` receives. */
export interface PaymentIntentCreatedContext<Event extends RequestEventLike = RequestEventLike> {
	/** SvelteKit's `RequestEvent`; `{ request }` for a plain Request. */
	event: Event;
	request: Request;
	paymentIntent: Stripe.PaymentIntent;
	cart: PricedCart;
	orderId: string;
}

/**
 * Options of `createPaymentIntentHandler`. `Event` is the event your hooks receive: SvelteKit's
 * `RequestEvent` when the handler is annotated as a `RequestHandler`.
 */
export interface PaymentIntentHandlerOptions<Event extends RequestEventLike = RequestEventLike> {
	stripe: Stripe;
	catalog: Catalog;
	/**
	 * Ties the payment to your order. Without it, the `cartId` the browser sends (a random id kept
	 * for one checkout) is the order id; without that too, every request gets a new random id and
	 * a retried request creates a second PaymentIntent.
	 */
	resolveOrder?: ResolveOrder<Event>;
	/** Metadata added to every PaymentIntent. */
	metadata?: Record<string, string>;
	/**
	 * Runs after Stripe created (or, on a retry, returned) the PaymentIntent. Fields it returns
	 * are added to the response, e.g. `{ orderId }`; `clientSecret`, `amount` and `currency`
	 * cannot be overridden.
	 */
	onCreated?: (
		context: PaymentIntentCreatedContext<Event>
	) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
	/**
	 * Let Stripe choose payment methods from the Dashboard settings; `false` limits them to cards.
	 * @default true
	 */
	automaticPaymentMethods?: boolean;
	/** Called with Stripe's error before answering 502; log it here. */
	onError?: (error: unknown) => void;
}

/** The 200 body: what `stripe.confirmPayment` needs, and the amount to show. */
export interface PaymentIntentResponse {
	clientSecret: string;
	amount: number;
	currency: string;
	[extra: string]: unknown;
}

/**
 * Creates a `POST` handler that turns `{ items: [{ sku, quantity }], cartId? }` into a
 * PaymentIntent for the cart's catalog total and answers `{ clientSecret, amount, currency }`.
 * Bad input gets 400 `{ error: { code, message } }` (codes of `PricingError`, plus
 * `invalid_json` and `invalid_body`; 413 `body_too_large`), a Stripe failure 502 with a generic
 * message.
 * @example export const POST: RequestHandler = createPaymentIntentHandler({ stripe, catalog });
 */
export function createPaymentIntentHandler<Event extends RequestEventLike = RequestEventLike>(
	options: PaymentIntentHandlerOptions<Event>
): EndpointHandler<Event> {
	const { stripe, catalog, automaticPaymentMethods = true } = options;

	return async function handlePaymentIntent(input) {
		const event = eventOf<Event>(input);
		const { request } = event;
		try {
			const { body, raw, cart } = await readPricedCart(request, { catalog, mode: 'payment' });
			const order = await resolveOrderFor(
				{ event, request, cart, cartId: body.cartId, body: raw },
				options.resolveOrder
			);
			// Assigned field by field, not spread, so TypeScript flags a parameter this API version lacks.
			const params: Stripe.PaymentIntentCreateParams = {
				amount: cart.amount,
				currency: cart.currency,
				metadata: orderMetadata(order, cart, options.metadata)
			};
			if (automaticPaymentMethods) params.automatic_payment_methods = { enabled: true };
			else params.allowed_payment_method_types = ['card'];
			if (order.customer) params.customer = order.customer;

			let paymentIntent: Stripe.PaymentIntent;
			try {
				paymentIntent = await stripe.paymentIntents.create(params, {
					idempotencyKey: await idempotencyKey('pi', params)
				});
			} catch (error) {
				options.onError?.(error);
				return providerError();
			}
			if (!paymentIntent.client_secret) return providerError();

			const extra = await options.onCreated?.({
				event,
				request,
				paymentIntent,
				cart,
				orderId: order.orderId
			});
			const response: PaymentIntentResponse = {
				...extra,
				clientSecret: paymentIntent.client_secret,
				amount: cart.amount,
				currency: cart.currency
			};
			return json(response);
		} catch (error) {
			if (error instanceof HttpError) return error.toResponse();
			throw error;
		}
	};
}

/** Stripe's own message can hold object ids or account details: none of it goes to the browser. */
export function providerError(): Response {
	return errorResponse(
		502,
		'payment_provider_error',
		'The payment provider could not be reached. Please try again.'
	);
}
