import type Stripe from 'stripe';
import type { Catalog } from '../pricing/catalog.js';
import { HttpError, eventOf, json, type EndpointHandler, type RequestEventLike } from './http.js';
import {
	idempotencyKey,
	orderMetadata,
	readPricedCart,
	resolveOrderFor,
	type ResolveOrder
} from './cart-request.js';
import { providerError } from './payment-intent.js';
import type { PricedCart, PricedLine } from './price-cart.js';

/** What `onCreated` receives. */
export interface CheckoutSessionCreatedContext<Event extends RequestEventLike = RequestEventLike> {
	/** SvelteKit's `RequestEvent`; `{ request }` for a plain Request. */
	event: Event;
	request: Request;
	session: Stripe.Checkout.Session;
	cart: PricedCart;
	orderId: string;
}

/** Options of `createCheckoutSessionHandler`; `Event` as in `PaymentIntentHandlerOptions`. */
export interface CheckoutSessionHandlerOptions<Event extends RequestEventLike = RequestEventLike> {
	stripe: Stripe;
	catalog: Catalog;
	/**
	 * `payment` for one-time carts, `subscription` for plans. Unset: `subscription` when the cart
	 * holds a subscription price, else `payment`.
	 */
	mode?: 'payment' | 'subscription';
	/**
	 * `hosted` answers `{ id, url }` to redirect to; `embedded` answers `{ id, clientSecret }` for
	 * Embedded Checkout.
	 * @default 'hosted'
	 */
	uiMode?: 'hosted' | 'embedded';
	/** Where hosted Checkout sends the customer after paying. Required for `hosted`. */
	successUrl?: string;
	/** Where hosted Checkout's back link goes. */
	cancelUrl?: string;
	/** Where embedded Checkout returns after a redirect-based payment. Required for `embedded`. */
	returnUrl?: string;
	/** Ties the session to your order; see `createPaymentIntentHandler`. */
	resolveOrder?: ResolveOrder<Event>;
	/** Metadata added to the session and to the PaymentIntent or Subscription it creates. */
	metadata?: Record<string, string>;
	/** Show Stripe's promotion code field. @default false */
	allowPromotionCodes?: boolean;
	/** Runs after the session exists; fields it returns are added to the response. */
	onCreated?: (
		context: CheckoutSessionCreatedContext<Event>
	) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
	/** Called with Stripe's error before answering 502; log it here. */
	onError?: (error: unknown) => void;
}

/**
 * Creates a `POST` handler that starts a Stripe Checkout Session for `{ items, cartId? }`, in
 * payment or subscription mode, hosted or embedded. Prices use the catalog's `stripePriceId`
 * when set and are otherwise built inline (`price_data`) from the catalog, never from the body.
 * Errors answer like `createPaymentIntentHandler`.
 * @example export const POST: RequestHandler = createCheckoutSessionHandler({ stripe, catalog, uiMode: 'embedded', returnUrl: `${origin}/thanks?session_id={CHECKOUT_SESSION_ID}` });
 */
export function createCheckoutSessionHandler<Event extends RequestEventLike = RequestEventLike>(
	options: CheckoutSessionHandlerOptions<Event>
): EndpointHandler<Event> {
	const { stripe, catalog, uiMode = 'hosted' } = options;
	// Fail at start-up, not at the first customer's checkout.
	if (uiMode === 'hosted' && !options.successUrl) {
		throw new TypeError('createCheckoutSessionHandler: hosted Checkout needs a successUrl.');
	}
	if (uiMode === 'embedded' && !options.returnUrl) {
		throw new TypeError('createCheckoutSessionHandler: embedded Checkout needs a returnUrl.');
	}

	return async function handleCheckoutSession(input) {
		const event = eventOf<Event>(input);
		const { request } = event;
		try {
			const { body, raw, cart } = await readPricedCart(request, { catalog, mode: options.mode });
			const mode =
				options.mode ?? (cart.lines.some((line) => line.recurring) ? 'subscription' : 'payment');
			const order = await resolveOrderFor(
				{ event, request, cart, cartId: body.cartId, body: raw },
				options.resolveOrder
			);
			const metadata = orderMetadata(order, cart, options.metadata);
			const trialDays = Math.max(0, ...cart.lines.map((line) => line.recurring?.trialDays ?? 0));

			// Assigned field by field, not spread, so TypeScript flags a parameter this API version lacks.
			const params: Stripe.Checkout.SessionCreateParams = {
				mode,
				line_items: cart.lines.map((line) => lineItem(line, cart.currency)),
				metadata,
				client_reference_id: order.orderId.slice(0, 200)
			};
			if (uiMode === 'hosted') {
				params.ui_mode = 'hosted_page';
				params.success_url = options.successUrl;
				if (options.cancelUrl) params.cancel_url = options.cancelUrl;
			} else {
				params.ui_mode = 'embedded_page';
				params.return_url = options.returnUrl;
			}
			// The session's metadata does not reach the objects it creates; copy it so their
			// webhooks also carry the order id.
			if (mode === 'payment') {
				params.payment_intent_data = { metadata };
			} else {
				params.subscription_data = { metadata };
				if (trialDays > 0) params.subscription_data.trial_period_days = trialDays;
			}
			if (order.customer) params.customer = order.customer;
			if (options.allowPromotionCodes) params.allow_promotion_codes = true;

			let session: Stripe.Checkout.Session;
			try {
				session = await stripe.checkout.sessions.create(params, {
					idempotencyKey: await idempotencyKey('cs', params)
				});
			} catch (error) {
				options.onError?.(error);
				return providerError();
			}
			// Hosted sessions are opened by URL, embedded ones by client secret.
			const link = uiMode === 'hosted' ? session.url : session.client_secret;
			if (!link) return providerError();

			const extra = await options.onCreated?.({
				event,
				request,
				session,
				cart,
				orderId: order.orderId
			});
			return json({
				...extra,
				id: session.id,
				...(uiMode === 'hosted' ? { url: link } : { clientSecret: link }),
				amount: cart.amount,
				currency: cart.currency
			});
		} catch (error) {
			if (error instanceof HttpError) return error.toResponse();
			throw error;
		}
	};
}

function lineItem(
	line: PricedLine,
	currency: string
): Stripe.Checkout.SessionCreateParams.LineItem {
	if (line.stripePriceId) return { price: line.stripePriceId, quantity: line.quantity };
	const priceData: Stripe.Checkout.SessionCreateParams.LineItem.PriceData = {
		currency,
		unit_amount: line.unitAmount,
		product_data: {
			name: line.name,
			metadata: { nobs_sku: line.sku, nobs_product_id: line.productId }
		}
	};
	if (line.recurring) {
		priceData.recurring = {
			interval: line.recurring.interval,
			interval_count: line.recurring.intervalCount
		};
	}
	return { quantity: line.quantity, price_data: priceData };
}
