export * as Checkout from './parts.js';
export {
	CheckoutState,
	defaultCheckoutLabels,
	useCheckout,
	type CheckoutElementsOptions,
	type CheckoutError,
	type CheckoutIntent,
	type CheckoutProps,
	type CheckoutStatus,
	type PaymentIntentResponse
} from './checkout.svelte.js';
export type {
	CheckoutAddressProps,
	CheckoutEmbeddedProps,
	CheckoutErrorProps,
	CheckoutExpressCheckoutProps,
	CheckoutLabels,
	CheckoutLinkAuthenticationProps,
	CheckoutPaymentElementProps,
	CheckoutRootProps,
	CheckoutStatusProps,
	CheckoutSubmitProps,
	StripeInput
} from './types.js';
export { getStripe, type GetStripeOptions } from './get-stripe.js';
export { appearanceFromTokens, readAppearance } from './appearance.js';
export {
	CheckoutRequestError,
	startCheckoutSession,
	type StartCheckoutSessionOptions
} from './session.js';
