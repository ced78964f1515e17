export * as Checkout from './parts.js';
export {
	CheckoutState,
	useCheckout,
	type CheckoutElementsOptions,
	type CheckoutError,
	type CheckoutIntent,
	type CheckoutProps,
	type CheckoutStatus,
	type PaymentIntentResponse
} from './checkout.svelte.js';
export { getStripe } from './get-stripe.js';
export { appearanceFromTokens, readAppearance } from './appearance.js';
export {
	CheckoutRequestError,
	startCheckoutSession,
	type StartCheckoutSessionOptions
} from './session.js';
