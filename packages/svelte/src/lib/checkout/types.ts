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
