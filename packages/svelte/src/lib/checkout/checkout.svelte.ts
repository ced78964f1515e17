import type {
	Appearance,
	PaymentIntent,
	Stripe,
	StripeElements,
	StripeElementsOptionsMode,
	StripeError
} from '@stripe/stripe-js';
import { untrack } from 'svelte';
import { defineContext } from '../internal/context.js';
import { formatMoney, money, type Money } from '../money/index.js';
import { readAppearance, watchTheme } from './appearance.js';
import { IMMUTABLE_ELEMENTS_KEYS, diffOptions } from './options.js';
import { CheckoutRequestError, postJson } from './session.js';
import type { CheckoutLabels } from './types.js';

export const defaultCheckoutLabels: CheckoutLabels = {
	pay: (total) => `Pay ${total}`,
	submitting: 'Processing your payment…',
	requiresAction: 'Your bank needs you to confirm this payment.',
	processing: 'Payment received. It is still being processed.',
	succeeded: 'Payment succeeded. Thank you!',
	loadFailed: 'Payments could not be loaded. Check your connection and reload.',
	startFailed: 'The payment could not be started. Please try again.',
	failed: 'The payment could not be completed. Please try again.',
	totalChanged:
		'The total has changed since you opened checkout. Review the new total and pay again.',
	notCompleted: 'The payment was not completed. Try another payment method.',
	unreachable: 'Could not reach the server. Check your connection.'
};

export type CheckoutStatus =
	'idle' | 'loading' | 'ready' | 'submitting' | 'requires_action' | 'succeeded' | 'failed';

/**
 * What the app's server answers when asked for a PaymentIntent (the body of
 * `createPaymentIntentHandler`'s response, checked in the browser).
 */
export interface CheckoutIntent {
	clientSecret: string;
	/** The amount the server charges, in minor units. */
	amount?: number;
	currency?: string;
	/** Fields your server's `onCreated` added, e.g. `orderUrl`. Untrusted: check before use. */
	[extra: string]: unknown;
}

/** @deprecated Renamed `CheckoutIntent` (the server's response type keeps the name); removed in the next major. */
export type PaymentIntentResponse = CheckoutIntent;

/** Where `<Checkout.Root>` posts the cart when no `createPaymentIntent` is given. */
export const DEFAULT_PAYMENT_INTENT_ENDPOINT = '/api/payment-intent';

/** A Stripe error, or one raised by the checkout itself (`type: 'checkout_error'`). */
export type CheckoutError = Pick<StripeError, 'type' | 'message' | 'code' | 'decline_code'>;

/** Elements options the app may set; amount, currency and mode come from the checkout. */
export type CheckoutElementsOptions = Omit<
	Extract<StripeElementsOptionsMode, { mode: 'payment' }>,
	'mode' | 'amount' | 'currency'
>;

export interface CheckoutProps {
	/** The total on the pay button and on Elements; the server's total wins on submit. */
	amount: Money;
	/**
	 * The cart lines posted to `endpoint` on submit as `{ items: [{ sku, quantity }] }`; any other
	 * field of a line (a name, a price) is left out. Pass `cart.lines`.
	 */
	items?: readonly { sku: string; quantity: number }[];
	/**
	 * Your `createPaymentIntentHandler` route, posted to on submit.
	 * @default '/api/payment-intent'
	 */
	endpoint?: string;
	/**
	 * Fields of your own sent with the items, e.g. `{ email }`; read on submit, so a bound value
	 * is current. `items` and `cartId` cannot be overridden.
	 */
	body?: Record<string, unknown>;
	/**
	 * Replaces the built-in request to `endpoint`, for an app that asks its server some other way.
	 * Must resolve to what `createPaymentIntentHandler` answers.
	 */
	createPaymentIntent?: () => Promise<CheckoutIntent>;
	/**
	 * Where redirect-based payment methods return to, or a function of the server's answer (e.g.
	 * to return to the order page whose URL `onCreated` added).
	 * @default the current page
	 */
	returnUrl?: string | ((response: CheckoutIntent) => string);
	/** BCP 47 locale for the formatted total. @default the runtime's locale */
	locale?: string;
	options?: CheckoutElementsOptions;
	appearance?: Appearance;
	/** The payment succeeded (or is processing); `response` is the server's answer. */
	onSuccess?: (paymentIntent: PaymentIntent, response: CheckoutIntent) => void;
	onError?: (error: CheckoutError) => void;
	/** Texts and messages to replace; the rest stay English. */
	labels?: Partial<CheckoutLabels>;
}

/**
 * The server's answer crosses a trust boundary (any app code or proxy produced it), so it is
 * checked before use. Hand-written rather than zod: zod/mini alone is about 5 kB gzip, the whole
 * checkout's budget, and the server helpers validate with zod on their side of the wire.
 */
export function readIntentResponse(value: unknown): CheckoutIntent | null {
	if (typeof value !== 'object' || value === null) return null;
	const fields = value as Record<string, unknown>;
	const { clientSecret, amount, currency } = fields;
	if (typeof clientSecret !== 'string' || !/^\w+_secret_\w+$/.test(clientSecret)) return null;
	if (amount !== undefined && !(Number.isSafeInteger(amount) && Number(amount) >= 0)) return null;
	if (currency !== undefined && !(typeof currency === 'string' && /^[a-z]{3}$/i.test(currency)))
		return null;
	return { ...fields, clientSecret, amount: amount as number | undefined, currency };
}

/** The parts of a Stripe element the checkout relies on, whatever its type. */
export interface MountedElement {
	mount(node: HTMLElement): void;
	destroy(): void;
	update(options: object): void;
	focus?(): void;
	on(event: string, handler: (event: unknown) => void): void;
}

function checkoutError(message: string): CheckoutError {
	return { type: 'api_error', code: 'checkout_error', message };
}

/**
 * State of one checkout: loads Stripe, owns the Elements group, keeps its amount in sync with
 * the displayed total and runs the deferred-intent submit flow.
 *
 * The amount charged is whatever the server puts on the PaymentIntent. When that differs from
 * the total on screen (the cart changed, a price changed), nothing is confirmed: the checkout
 * shows the server's total, updates Elements, and asks the customer to pay again. So a customer
 * is never charged an amount that was not on the button they pressed.
 */
export class CheckoutState {
	status = $state<CheckoutStatus>('idle');
	error = $state.raw<CheckoutError | null>(null);
	paymentIntent = $state.raw<PaymentIntent | null>(null);
	stripe = $state.raw<Stripe | null>(null);
	elements = $state.raw<StripeElements | null>(null);
	/** The server's total, remembered with the cart total it contradicted. */
	#server = $state.raw<{ basis: Money; total: Money } | null>(null);
	#appearance = $state.raw<Appearance | undefined>(undefined);
	#props: () => CheckoutProps;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- read on submit only, never rendered
	#parts = new Map<string, { element: MountedElement; node: HTMLElement }>();
	#stripeInput: unknown = undefined;
	/** Sent as `cartId`, so a retried request gets the same PaymentIntent from the server. */
	#cartId: string | undefined;

	constructor(props: () => CheckoutProps) {
		this.#props = props;
	}

	// Deriveds are private behind getters: a public derived field also compiles a setter.
	#total = $derived.by((): Money => {
		const amount = this.#props().amount;
		const server = this.#server;
		return server && sameMoney(server.basis, amount) ? server.total : amount;
	});

	#labels = $derived.by((): CheckoutLabels => ({
		...defaultCheckoutLabels,
		...this.#props().labels
	}));

	#formattedTotal = $derived.by(() => formatMoney(this.#total, { locale: this.#props().locale }));

	/** The total to pay: the server's when it corrected the cart's, else the cart's. */
	get total(): Money {
		return this.#total;
	}
	/** The texts in use: the defaults overlaid with the `labels` prop. */
	get labels(): CheckoutLabels {
		return this.#labels;
	}
	get formattedTotal(): string {
		return this.#formattedTotal;
	}

	/** Follows the `stripe` prop: a Stripe instance, a promise of one, or null (server render). */
	load = (input: Stripe | PromiseLike<Stripe | null> | null | undefined): void => {
		if (input === this.#stripeInput) return;
		if (untrack(() => this.stripe)) {
			console.warn('<Checkout.Root>: the `stripe` prop cannot change once Stripe has loaded.');
			return;
		}
		this.#stripeInput = input;
		if (!input) return;
		if (!isPromiseLike(input)) {
			this.stripe = input;
			return;
		}
		this.status = 'loading';
		input.then(
			(stripe) => {
				if (this.#stripeInput !== input) return;
				this.stripe = stripe;
				if (!stripe) this.status = 'idle';
			},
			() => {
				if (this.#stripeInput !== input) return;
				this.#fail(checkoutError(this.labels.loadFailed));
			}
		);
	};

	/**
	 * Attachment for the form: creates Elements once Stripe has loaded (client only, so a server
	 * render never touches Stripe), then keeps amount, currency, options and theme in sync.
	 */
	attach = (node: HTMLElement) => {
		const stripe = this.stripe;
		if (!stripe) return;
		// Everything below runs once per Stripe instance: only `this.stripe` may re-run it.
		return untrack(() => {
			const stop = watchTheme(() => (this.#appearance = readAppearance(node)));
			this.#appearance = readAppearance(node);
			let sent = this.#elementsOptions();
			const elements = stripe.elements(sent);
			this.elements = elements;
			if (this.status !== 'succeeded') this.status = 'ready';

			$effect(() => {
				const next = this.#elementsOptions();
				const changes = diffOptions({
					previous: sent,
					next,
					immutable: IMMUTABLE_ELEMENTS_KEYS,
					owner: '<Checkout.Root>'
				});
				sent = next;
				if (changes) void elements.update(changes);
			});

			return () => {
				stop();
				this.elements = null;
			};
		});
	};

	#elementsOptions(): Extract<StripeElementsOptionsMode, { mode: 'payment' }> {
		const { options, appearance } = this.#props();
		const themed = this.#appearance;
		return {
			...options,
			mode: 'payment',
			amount: this.total.amount,
			currency: this.total.currency,
			appearance: appearance
				? {
						...themed,
						...appearance,
						variables: { ...themed?.variables, ...appearance.variables }
					}
				: themed
		};
	}

	/** Registers a mounted element so a validation error can focus the first one on the page. */
	register = (type: string, element: MountedElement, node: HTMLElement): (() => void) => {
		this.#parts.set(type, { element, node });
		return () => {
			if (this.#parts.get(type)?.element === element) this.#parts.delete(type);
		};
	};

	/**
	 * The deferred-intent flow: validate the form, ask the server for a PaymentIntent priced from
	 * the cart, then confirm it. Safe to call twice: a second call while one runs is ignored.
	 */
	submit = async (event?: Event): Promise<void> => {
		event?.preventDefault();
		const { stripe, elements } = this;
		if (!stripe || !elements || this.status === 'submitting' || this.status === 'succeeded') return;
		this.status = 'submitting';
		this.error = null;
		try {
			const submitted = await elements.submit();
			if (submitted.error) return this.#fail(submitted.error);

			const intent = readIntentResponse(await this.#createPaymentIntent());
			if (!intent) {
				return this.#fail(checkoutError(this.labels.startFailed));
			}
			if (this.#corrected(intent)) return;

			const { returnUrl } = this.#props();
			const result = await stripe.confirmPayment({
				elements,
				clientSecret: intent.clientSecret,
				confirmParams: {
					return_url:
						(typeof returnUrl === 'function' ? returnUrl(intent) : returnUrl) ?? location.href
				},
				redirect: 'if_required'
			});
			if (result.error) return this.#fail(result.error);
			this.#settle(result.paymentIntent, intent);
		} catch (cause) {
			// A server helper's `{ error: { code, message } }` is written for the customer (e.g.
			// "Enter a valid email address"); anything else may hold internals and stays in the console.
			// The helper's own network message is the library's text, so it is translated too.
			if (cause instanceof CheckoutRequestError) {
				const { code } = cause;
				const message = code === 'network_error' ? this.labels.unreachable : cause.message;
				return this.#fail({ type: 'invalid_request_error', code, message });
			}
			console.error(cause);
			this.#fail(checkoutError(this.labels.failed));
		}
	};

	/** Asks the app's server for a PaymentIntent priced from the cart; never sends an amount. */
	#createPaymentIntent(): Promise<unknown> {
		const {
			createPaymentIntent,
			endpoint = DEFAULT_PAYMENT_INTENT_ENDPOINT,
			items = [],
			body
		} = this.#props();
		if (createPaymentIntent) return createPaymentIntent();
		const lines = items.map(({ sku, quantity }) => ({ sku, quantity }));
		// The answer is checked by readIntentResponse; postJson only turns errors into exceptions.
		this.#cartId ??= randomId();
		return postJson(endpoint, { ...body, items: lines, cartId: this.#cartId }, (data) => data);
	}

	/** True when the server's total differs from the one on screen: show it and stop. */
	#corrected(intent: { amount?: number; currency?: string }): boolean {
		if (intent.amount === undefined) return false;
		const shown = this.total;
		const server = money({ amount: intent.amount, currency: intent.currency ?? shown.currency });
		if (sameMoney(server, shown)) return false;
		this.#server = { basis: this.#props().amount, total: server };
		this.#fail(checkoutError(this.labels.totalChanged));
		return true;
	}

	#settle(intent: PaymentIntent, response: CheckoutIntent): void {
		this.paymentIntent = intent;
		if (
			intent.status === 'succeeded' ||
			intent.status === 'processing' ||
			intent.status === 'requires_capture'
		) {
			this.status = 'succeeded';
			this.#props().onSuccess?.(intent, response);
		} else if (intent.status === 'requires_action') {
			this.status = 'requires_action';
		} else {
			this.#fail(checkoutError(this.labels.notCompleted));
		}
	}

	#fail(error: CheckoutError): void {
		this.error = error;
		this.status = 'failed';
		this.#props().onError?.(error);
		if (error.type === 'validation_error') this.#focusFirstElement();
	}

	/** Stripe.js usually focuses the invalid field itself; only when focus is elsewhere move it to the first element. */
	#focusFirstElement(): void {
		const parts = [...this.#parts.values()];
		const active = document.activeElement;
		if (parts.some(({ node }) => node.contains(active))) return;
		parts.sort((a, b) =>
			a.node.compareDocumentPosition(b.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1
		);
		parts[0]?.element.focus?.();
	}
}

/** 32 hex characters; `getRandomValues` also works on plain-http pages, unlike `randomUUID`. */
function randomId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sameMoney(a: Money, b: Money): boolean {
	return a.amount === b.amount && a.currency === b.currency.toLowerCase();
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
	return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

const context = defineContext<CheckoutState>('<Checkout.Root>');

export const setCheckout = context.set;

/**
 * The checkout of the nearest `Checkout.Root`. Call during component initialisation.
 * @param part Named in the error when there is no `Checkout.Root`, e.g. `'<Checkout.Submit>'`.
 */
export const useCheckout = (part = 'useCheckout()'): CheckoutState => context.use(part);
