// Public API of @nobs-pay/svelte/server: plain TypeScript on Web Request/Response.
// No components, no $app/*, no $env/*, so it runs in any SvelteKit adapter and on edge runtimes.
/** The catalog's validation (zod), run once at start-up; pages import only its plain types. */
export {
	billingIntervalSchema,
	catalogSchema,
	defineCatalog,
	priceSchema,
	productSchema,
	type CatalogInput,
	type ProductInput
} from '../pricing/catalog-schema.js';
export {
	findPrice,
	type BillingInterval,
	type Catalog,
	type CatalogEntry,
	type Price,
	type Product
} from '../pricing/catalog.js';

/** Money in minor units, for totals in receipts, emails and logs. */
export {
	CurrencyMismatchError,
	currencyExponent,
	formatMoney,
	fromMajor,
	money,
	sumMoney,
	toDecimalString,
	type FormatMoneyOptions,
	type Money
} from '../money/index.js';

/** The `stripe` client from environment variables: Stripe, or the sandbox in development. */
export { createStripe, type CreateStripeOptions } from './create-stripe.js';

/** Prices a cart from the catalog; see `priceCart`. */
export {
	PricingError,
	priceCart,
	type CartItemInput,
	type LineItemInput,
	type PriceCartOptions,
	type PricedCart,
	type PricedLine,
	type PricingErrorCode
} from './price-cart.js';

/** The webhook inbox interface and its in-memory implementation. */
export {
	memoryInbox,
	type ClaimResult,
	type InboxStore,
	type MemoryInboxOptions
} from './inbox.js';

/** Verified, exactly-once-per-event webhook handling. */
export {
	webhookCryptoProvider,
	createWebhookHandler,
	type WebhookEvent,
	type WebhookEventType,
	type WebhookHandlerOptions,
	type WebhookHandlers
} from './webhook-handler.js';

/** Cart body schema and the order hook shared by the payment handlers. */
export {
	cartRequestSchema,
	type CartRequest,
	type OrderContext,
	type ResolveOrder,
	type ResolvedOrder
} from './cart-request.js';

/** PaymentIntent creation for the deferred-intent Elements flow. */
export {
	createPaymentIntentHandler,
	type PaymentIntentCreatedContext,
	type PaymentIntentHandlerOptions,
	type PaymentIntentResponse
} from './payment-intent.js';

/** Checkout Sessions (payment and subscription, hosted and embedded). */
export {
	createCheckoutSessionHandler,
	type CheckoutSessionCreatedContext,
	type CheckoutSessionHandlerOptions
} from './checkout-session.js';

/** The Stripe billing portal for the signed-in customer. */
export { createPortalSessionHandler, type PortalSessionHandlerOptions } from './portal-session.js';

/** Return-URL verification after redirect-based payments. */
export {
	ReturnVerificationError,
	verifyReturn,
	type ReturnVerificationErrorCode,
	type VerifiedReturn,
	type VerifyReturnOptions
} from './verify-return.js';

/**
 * The `{ error: { code, message } }` body every handler answers errors with, the error a hook
 * such as `resolveOrder` throws to answer the client with a 4xx and a safe message, and the
 * size-capped JSON body reader the handlers use (413 `body_too_large`, 400 `invalid_json`).
 */
export {
	HttpError,
	readJson,
	type CustomerIdOf,
	type EndpointHandler,
	type ErrorBody,
	type RequestEventLike
} from './http.js';

/** Billing: one customer per account, the subscription projection, plan changes, metered usage. */
export * from './billing/index.js';
