import type Stripe from 'stripe';
import {
	errorResponse,
	eventOf,
	json,
	type CustomerIdOf,
	type EndpointHandler,
	type RequestEventLike
} from './http.js';
import { providerError } from './payment-intent.js';

/** Options of `createPortalSessionHandler`; `Event` as in `PaymentIntentHandlerOptions`. */
export interface PortalSessionHandlerOptions<Event extends RequestEventLike = RequestEventLike> {
	stripe: Stripe;
	/**
	 * The signed-in customer's Stripe id (`cus_…`), from your session (`event.locals`,
	 * `event.cookies`); `null` when nobody is signed in. The request body is never read, so a
	 * customer id cannot be smuggled in.
	 */
	getCustomerId: CustomerIdOf<Event>;
	/** Where the portal's back link goes. */
	returnUrl: string | ((event: Event) => string);
	/** A portal configuration id (`bpc_…`); Stripe's default configuration when unset. */
	configuration?: string;
	/** Called with Stripe's error before answering 502; log it here. */
	onError?: (error: unknown) => void;
}

/**
 * Creates a `POST` handler that opens the Stripe billing portal for the signed-in customer and
 * answers `{ url }`; 401 `not_signed_in` when `getCustomerId` finds nobody.
 * @example export const POST: RequestHandler = createPortalSessionHandler({ stripe, getCustomerId: ({ locals }) => locals.customerId, returnUrl: `${origin}/account` });
 */
export function createPortalSessionHandler<Event extends RequestEventLike = RequestEventLike>(
	options: PortalSessionHandlerOptions<Event>
): EndpointHandler<Event> {
	const { stripe } = options;
	return async function handlePortalSession(input) {
		const event = eventOf<Event>(input);
		const customer = await options.getCustomerId(event);
		if (!customer) return errorResponse(401, 'not_signed_in', 'Sign in to manage your billing.');
		const returnUrl =
			typeof options.returnUrl === 'function' ? options.returnUrl(event) : options.returnUrl;
		const params: Stripe.BillingPortal.SessionCreateParams = { customer, return_url: returnUrl };
		if (options.configuration) params.configuration = options.configuration;
		try {
			const session = await stripe.billingPortal.sessions.create(params);
			return json({ url: session.url });
		} catch (error) {
			options.onError?.(error);
			return providerError();
		}
	};
}
