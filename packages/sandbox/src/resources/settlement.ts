import type Stripe from 'stripe';
import type { Engine } from '../state/engine.js';
import { newId } from '../state/store.js';
import { StripeApiError } from '../wire/errors.js';
import { buildCharge, type PaymentFailure } from './charges.js';
import { attachPaymentMethod, FAILING_IBANS } from './payment-methods.js';

/** How a payment attempt ended, as far as its PaymentIntent is concerned. */
export type Outcome =
	| { status: 'succeeded'; chargeEvent: 'charge.succeeded' | 'charge.captured' }
	| { status: 'requires_capture' }
	| { status: 'failed'; error: Stripe.PaymentIntent.LastPaymentError };

/**
 * The one path by which a payment's outcome is recorded, whichever way it came (API confirm,
 * Stripe.js, the challenge page, a bank debit, a capture): the PaymentIntent's status, the charge
 * and PaymentIntent events in Stripe's order, then the listeners (invoices, checkout sessions).
 */
export function settlePayment(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	charge: Stripe.Charge | undefined,
	outcome: Outcome
): void {
	pi.next_action = null;
	if (charge) pi.latest_charge = charge.id;
	if (outcome.status === 'failed') {
		if (charge) engine.emit('charge.failed', charge);
		pi.status = 'requires_payment_method';
		pi.last_payment_error = outcome.error;
		// Stripe detaches nothing but clears the payment method so the shopper must pick another.
		pi.payment_method = null;
		engine.emit('payment_intent.payment_failed', pi);
		for (const listener of engine.intentListeners) listener(pi);
		return;
	}
	pi.last_payment_error = null;
	const pm = pi.payment_method ? engine.paymentMethods.find(String(pi.payment_method)) : undefined;
	const capturing = outcome.status === 'succeeded' && outcome.chargeEvent === 'charge.captured';
	if (pm && !capturing && pi.setup_future_usage && typeof pi.customer === 'string')
		attachPaymentMethod(engine, pm, pi.customer);
	if (outcome.status === 'requires_capture') {
		pi.status = 'requires_capture';
		pi.amount_capturable = pi.amount;
		if (charge) engine.emit('charge.succeeded', charge);
		engine.emit('payment_intent.amount_capturable_updated', pi);
		return;
	}
	pi.status = 'succeeded';
	pi.amount_received = charge?.amount_captured || pi.amount;
	pi.amount_capturable = 0;
	if (charge) engine.emit(outcome.chargeEvent, charge);
	engine.emit('payment_intent.succeeded', pi);
	for (const listener of engine.intentListeners) listener(pi);
}

function cardDecline(
	pi: Stripe.PaymentIntent,
	pm: Stripe.PaymentMethod,
	failure: PaymentFailure,
	chargeId: string | undefined
): StripeApiError {
	return new StripeApiError(402, {
		type: 'card_error',
		code: failure.code,
		decline_code: failure.declineCode,
		message: failure.message,
		...(chargeId ? { charge: chargeId } : {}),
		payment_intent: pi,
		payment_method: pm
	});
}

/** Fails a card attempt: the PaymentIntent returns to `requires_payment_method` with the reason. */
export function failAttempt(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	pm: Stripe.PaymentMethod,
	failure: PaymentFailure,
	withCharge: boolean
): StripeApiError {
	const charge = withCharge ? buildCharge(engine, pi, pm, failure) : undefined;
	settlePayment(engine, pi, charge, {
		status: 'failed',
		error: {
			type: 'card_error',
			code: failure.code as Stripe.PaymentIntent.LastPaymentError.Code,
			...(failure.declineCode !== failure.code || failure.code === 'card_declined'
				? { decline_code: failure.declineCode }
				: {}),
			message: failure.message,
			...(charge ? { charge: charge.id } : {}),
			doc_url: `https://stripe.com/docs/error-codes/${failure.code.replaceAll('_', '-')}`,
			payment_method: pm,
			payment_method_type: 'card'
		}
	});
	return cardDecline(pi, pm, failure, charge?.id);
}

/** Charges the card after any authentication: success or a capture hold. */
export function succeedAttempt(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	pm: Stripe.PaymentMethod
): void {
	const charge = buildCharge(engine, pi, pm);
	settlePayment(
		engine,
		pi,
		charge,
		pi.capture_method === 'manual'
			? { status: 'requires_capture' }
			: { status: 'succeeded', chargeEvent: 'charge.succeeded' }
	);
}

/** How long Stripe's test bank takes to answer a SEPA debit (sandbox seconds; advance the clock). */
export const DEBIT_SECONDS = 180;

/**
 * Bank debits are asynchronous: the intent sits in `processing` with a pending charge until the
 * bank answers, which happens when the sandbox clock passes `DEBIT_SECONDS`.
 */
export function startDebit(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	pm: Stripe.PaymentMethod
): void {
	const charge = buildCharge(engine, pi, pm);
	charge.status = 'pending';
	charge.paid = false;
	charge.outcome = null;
	charge.payment_method_details = {
		type: 'sepa_debit',
		sepa_debit: { ...(pm.sepa_debit as Stripe.PaymentMethod.SepaDebit), mandate: newId('mandate_') }
	};
	charge.billing_details = pm.billing_details;
	pi.latest_charge = charge.id;
	pi.status = 'processing';
	pi.next_action = null;
	pi.last_payment_error = null;
	engine.processingUntil.set(pi.id, engine.now() + DEBIT_SECONDS);
	engine.emit('charge.pending', charge);
	engine.emit('payment_intent.processing', pi);
}

/** Settles every debit whose bank answer is due. */
export function settleDebits(engine: Engine, now: number): void {
	for (const [id, due] of engine.processingUntil) {
		if (due > now) continue;
		engine.processingUntil.delete(id);
		const pi = engine.paymentIntents.find(id);
		if (!pi || pi.status !== 'processing') continue;
		const charge = engine.charges.get(String(pi.latest_charge));
		const pm = engine.paymentMethods.get(String(pi.payment_method));
		if (FAILING_IBANS.has(engine.ibans.get(pm.id) ?? '')) {
			charge.status = 'failed';
			charge.failure_code = 'insufficient_funds';
			charge.failure_message =
				"The customer's account has insufficient funds to cover this payment.";
			settlePayment(engine, pi, charge, {
				status: 'failed',
				error: {
					type: 'invalid_request_error',
					code: 'payment_method_provider_decline',
					message: charge.failure_message,
					charge: charge.id,
					payment_method: pm,
					payment_method_type: 'sepa_debit'
				}
			});
		} else {
			charge.status = 'succeeded';
			charge.paid = true;
			settlePayment(engine, pi, charge, { status: 'succeeded', chargeEvent: 'charge.succeeded' });
		}
	}
}

/** Called by the local challenge page when the shopper completes or fails authentication. */
export function finishChallenge(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	completed: boolean
): void {
	if (pi.status !== 'requires_action') return;
	const pm = engine.paymentMethods.get(
		String(typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method?.id)
	);
	if (completed) succeedAttempt(engine, pi, pm);
	else
		failAttempt(
			engine,
			pi,
			pm,
			{
				code: 'payment_intent_authentication_failure',
				declineCode: 'payment_intent_authentication_failure',
				message:
					'We are unable to authenticate your payment method. Please choose a different payment method and try again.'
			},
			false
		);
}
