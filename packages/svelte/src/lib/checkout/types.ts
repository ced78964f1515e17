import type {
	Stripe,
	StripeAddressElementChangeEvent,
	StripeAddressElementOptions,
	StripeError,
	StripeExpressCheckoutElementClickEvent,
	StripeExpressCheckoutElementConfirmEvent,
	StripeExpressCheckoutElementOptions,
	StripeLinkAuthenticationElementChangeEvent,
	StripeLinkAuthenticationElementOptions,
	StripePaymentElementChangeEvent,
	StripePaymentElementOptions
} from '@stripe/stripe-js';
import type { Snippet } from 'svelte';
import type { HTMLAttributes, HTMLButtonAttributes, HTMLFormAttributes } from 'svelte/elements';
import type {
	CheckoutError,
	CheckoutProps,
	CheckoutState,
	CheckoutStatus
} from './checkout.svelte.js';

/**
 * Every text the checkout parts render, and the checkout's own error messages, so an app can
 * translate them. Stripe's elements and Stripe's errors follow Stripe's `locale` option instead.
 */
export interface CheckoutLabels {
	/** Text of `Checkout.Submit`: "Pay $49.00". */
	pay: (total: string) => string;
	/** `Checkout.Status` per status. */
	submitting: string;
	requiresAction: string;
	/** Succeeded, but the payment method settles later (e.g. a bank debit). */
	processing: string;
	succeeded: string;
	/** Errors the checkout raises itself (`code: 'checkout_error'`). */
	loadFailed: string;
	startFailed: string;
	failed: string;
	totalChanged: string;
	notCompleted: string;
	/** The endpoint could not be reached (`code: 'network_error'`). */
	unreachable: string;
}

/** Stripe, a promise of it (e.g. `getStripe(key)`), or null while unavailable (server render). */
export type StripeInput = Stripe | Promise<Stripe | null> | null;

export type CheckoutRootProps = CheckoutProps &
	Omit<HTMLFormAttributes, 'children' | 'onsubmit'> & {
		stripe: StripeInput;
		/** The parts; receives the checkout. */
		children?: Snippet<[CheckoutState]>;
	};

/** What every Stripe element part shares: a placeholder shown until the element is ready. */
type ElementPartProps<Omitted extends string = never> = Omit<
	HTMLAttributes<HTMLDivElement>,
	'children' | Omitted
> & {
	onReady?: () => void;
	/** Placeholder content shown until the element is ready. */
	children?: Snippet;
};

export type CheckoutPaymentElementProps = ElementPartProps<'onchange' | 'onfocus' | 'onblur'> & {
	options?: StripePaymentElementOptions;
	onChange?: (event: StripePaymentElementChangeEvent) => void;
	onFocus?: () => void;
	onBlur?: () => void;
	onEscape?: () => void;
	onLoadError?: (event: { error: StripeError }) => void;
};

export type CheckoutExpressCheckoutProps = ElementPartProps<'onclick'> & {
	options?: StripeExpressCheckoutElementOptions;
	/** Runs when a wallet button is pressed; call `event.resolve()` within a second. */
	onClick?: (event: StripeExpressCheckoutElementClickEvent) => void;
	/** Runs before the checkout's own submit flow confirms the payment. */
	onConfirm?: (event: StripeExpressCheckoutElementConfirmEvent) => void;
	onCancel?: () => void;
};

export type CheckoutAddressProps = ElementPartProps<'onchange'> & {
	/** `mode` ('shipping' or 'billing') is fixed once the element is created. */
	options: StripeAddressElementOptions;
	onChange?: (event: StripeAddressElementChangeEvent) => void;
};

export type CheckoutLinkAuthenticationProps = ElementPartProps<'onchange'> & {
	options?: StripeLinkAuthenticationElementOptions;
	onChange?: (event: StripeLinkAuthenticationElementChangeEvent) => void;
};

export type CheckoutSubmitProps = Omit<HTMLButtonAttributes, 'children' | 'type'> & {
	/** Custom label; receives the formatted total. @default labels.pay(total) */
	children?: Snippet<[{ total: string }]>;
};

export type CheckoutErrorProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	/** Custom rendering of the error; defaults to its message. */
	children?: Snippet<[CheckoutError]>;
};

export type CheckoutStatusProps = Omit<HTMLAttributes<HTMLParagraphElement>, 'children'> & {
	/** Custom text per status; the default covers processing, action required and success. */
	children?: Snippet<[CheckoutStatus]>;
};

export type CheckoutEmbeddedProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	stripe: StripeInput;
	/** e.g. `() => startCheckoutSession({ endpoint, sku, uiMode: 'embedded' }).then((s) => s.clientSecret)` */
	fetchClientSecret: () => Promise<string>;
	onComplete?: () => void;
	/** Placeholder content shown until Checkout is mounted. */
	children?: Snippet;
};
