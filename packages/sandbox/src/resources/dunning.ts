/**
 * Dunning: what happens after a renewal's payment fails, as Stripe's default Billing settings do.
 *
 * - Retries follow Stripe's recommended Smart Retries policy, "8 tries within 2 weeks", made
 *   deterministic: the first attempt, then retries `RETRY_DAYS` days after it. Each runs when the
 *   clock (a test clock or the sandbox clock) passes `invoice.next_payment_attempt`, with the
 *   payment method current at that time.
 * - A success (retry, `invoices.pay`, the hosted invoice page, a new default payment method, which
 *   is tried at once) pays the invoice and the subscription returns to `active`.
 * - After the last retry fails, the subscription is canceled (`cancellation_details.reason:
 *   payment_failed`) and the invoice is left open (past due): Stripe's default "if all retries
 *   for a payment fail" settings.
 * - Only subscription invoices collected automatically are retried; a first invoice is not
 *   (its subscription is `incomplete` and expires after 23 hours instead).
 */
import type Stripe from 'stripe';
import { DAY } from '../state/calendar.js';
import type { Engine } from '../state/engine.js';
import { attemptCollection, invoicePaymentMethod, subscriptionOf } from './invoices.js';

/** Days after the first failed attempt at which Stripe retries: 7 retries, 8 tries in 2 weeks. */
export const RETRY_DAYS: readonly number[] = [1, 3, 5, 7, 9, 11, 14];

const retried = (invoice: Stripe.Invoice): boolean =>
	invoice.collection_method === 'charge_automatically' &&
	invoice.auto_advance === true &&
	subscriptionOf(invoice) !== null &&
	invoice.billing_reason !== 'subscription_create';

/** When the next retry runs after a failed attempt, or `null` when there is none. */
export function nextAttemptAfterFailure(invoice: Stripe.Invoice): number | null {
	if (!retried(invoice) || invoice.status !== 'open') return null;
	const first = invoice.status_transitions.finalized_at ?? invoice.created;
	const day = RETRY_DAYS[invoice.attempt_count - 1];
	return day === undefined ? null : first + day * DAY;
}

const openInvoicesOf = (engine: Engine, subId: string): Stripe.Invoice[] =>
	[...engine.invoices.values()].filter(
		(invoice) => invoice.status === 'open' && subscriptionOf(invoice) === subId
	);

/** When the retry window of an invoice closes: the day of the last retry. */
const windowEnd = (invoice: Stripe.Invoice): number =>
	(invoice.status_transitions.finalized_at ?? invoice.created) +
	(RETRY_DAYS[RETRY_DAYS.length - 1] ?? 0) * DAY;

/** Every try has failed (scheduled retries, or any other attempt) and none is left. */
const exhausted = (invoice: Stripe.Invoice): boolean =>
	retried(invoice) &&
	invoice.next_payment_attempt === null &&
	invoice.attempt_count > RETRY_DAYS.length;

/**
 * Runs, in time order, every retry of the subscription's open invoices due by `until`, and ends
 * the subscription (`onExhausted`) when an invoice's tries are all spent, at the close of its
 * retry window. `at` gives the time each step runs at (a test clock's). Called by the renewal
 * loop before each period boundary, so retries and renewals interleave as their times say.
 */
export function runDueRetries(
	engine: Engine,
	sub: Stripe.Subscription,
	until: number,
	at: (time: number) => number | null,
	onExhausted: () => void
): void {
	for (let guard = 0; guard < 1000 && sub.status !== 'canceled'; guard++) {
		const open = openInvoicesOf(engine, sub.id);
		const spent = open.find(exhausted);
		if (spent && windowEnd(spent) <= until) {
			engine.atTime(at(windowEnd(spent)), onExhausted);
			return;
		}
		const due = open
			.filter((invoice) => invoice.next_payment_attempt !== null)
			.sort((a, b) => (a.next_payment_attempt ?? 0) - (b.next_payment_attempt ?? 0))[0];
		const time = due?.next_payment_attempt ?? null;
		if (!due || time === null || time > until) return;
		engine.atTime(at(time), () => {
			// A failure schedules the next retry (`nextAttemptAfterFailure`); anything else, none.
			due.next_payment_attempt = null;
			attemptCollection(engine, due, invoicePaymentMethod(engine, due), true);
		});
	}
}

/**
 * A customer (or one subscription) has a new default payment method: Stripe tries it at once on
 * the open invoices that failed, so a past-due subscription recovers without waiting for a retry.
 */
export function retryWithNewPaymentMethod(
	engine: Engine,
	customerId: string,
	subscriptionId?: string
): void {
	engine.atTime(engine.clockTimeOf(customerId), () => {
		for (const invoice of [...engine.invoices.values()]) {
			if (invoice.customer !== customerId || invoice.status !== 'open') continue;
			if (!retried(invoice) || invoice.attempt_count === 0) continue;
			if (subscriptionId && subscriptionOf(invoice) !== subscriptionId) continue;
			const sub = engine.subscriptions.find(subscriptionOf(invoice) ?? '');
			if (!sub || sub.status === 'canceled') continue;
			attemptCollection(engine, invoice, invoicePaymentMethod(engine, invoice), true);
		}
	});
}
