/**
 * Invoices: Stripe's status machine (`draft → open → paid | void | uncollectible`) and what goes on
 * a subscription's invoice.
 *
 * - `buildDraft` makes an empty draft for a customer; `setTotal` totals its lines.
 * - `draftSubscriptionInvoice` fills a subscription's draft: pending invoice items (prorations,
 *   one-off items), the period's licensed lines and the period's metered usage. It has no side
 *   effects, so `invoices.createPreview` shows the same invoice (`preview: true`).
 * - `invoiceSubscription` issues that draft: stores it, finalizes it (number, customer balance,
 *   hosted page and PDF) and collects it, or follows `pause_collection`.
 * - `finalizeInvoice`, `attemptCollection`, `voidInvoice`, `markUncollectible` are the moves the
 *   API routes, the renewal loop and dunning (`dunning.ts`) share.
 */
import type Stripe from 'stripe';
import { z } from 'zod';
import { DAY } from '../state/calendar.js';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest, StripeApiError } from '../wire/errors.js';
import {
	bool,
	createdFilter,
	currency,
	expand,
	int,
	listParams,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { nextAttemptAfterFailure } from './dunning.js';
import { invoiceItemLine, pendingInvoiceItems } from './invoice-items.js';
import { confirmPaymentIntent, createPaymentIntent } from './payment-intents.js';
import { priceAmount } from './prices.js';
import { retrieveRoute } from './retrieve.js';
import { isMetered, meteredUsageLines, subscriptionItemLine } from './usage-lines.js';

const firstItem = (sub: Stripe.Subscription): Stripe.SubscriptionItem =>
	sub.items.data[0] as Stripe.SubscriptionItem;
const customerId = (sub: Stripe.Subscription): string =>
	typeof sub.customer === 'string' ? sub.customer : sub.customer.id;

/** The subscription an invoice bills, if any. */
export const subscriptionOf = (invoice: Stripe.Invoice): string | null => {
	const sub = invoice.parent?.subscription_details?.subscription;
	return sub ? String(sub) : null;
};

/** Stripe waits an hour before it finalizes a draft that advances automatically. */
const DRAFT_WINDOW = 3600;

interface DraftInput {
	/** @default a new `in_` id (previews pass an `upcoming_` one) */
	id?: string | undefined;
	reason: Stripe.Invoice.BillingReason;
	currency: string;
	subscription?: Stripe.Subscription;
	collectionMethod?: Stripe.Invoice.CollectionMethod;
	autoAdvance?: boolean;
	daysUntilDue?: number | undefined;
	dueDate?: number | undefined;
	description?: string | undefined;
	footer?: string | undefined;
	metadata?: Stripe.Metadata | undefined;
	defaultPaymentMethod?: string | undefined;
	periodStart?: number;
}

/**
 * An empty draft invoice for a customer, with Stripe's fields (`setTotal` once lines are added).
 * Drafts have no number, no hosted page and no PDF: those come with finalization.
 */
export function buildDraft(
	engine: Engine,
	customer: Stripe.Customer,
	input: DraftInput
): Stripe.Invoice {
	const id = input.id ?? newId('in_');
	const now = engine.now();
	const collectionMethod = input.collectionMethod ?? 'charge_automatically';
	const autoAdvance = input.autoAdvance ?? true;
	const dueDate =
		input.dueDate ?? (input.daysUntilDue !== undefined ? now + input.daysUntilDue * DAY : null);
	const sub = input.subscription;
	const periodStart = input.periodStart ?? now;
	// `subscription` is no longer in the SDK's type but Stripe's published sample still shows it.
	const invoice: Stripe.Invoice & { subscription: string | null } = {
		id,
		object: 'invoice',
		account_country: 'US',
		account_name: 'NOBS Pay Sandbox',
		account_tax_ids: null,
		amount_due: 0,
		amount_overpaid: 0,
		amount_paid: 0,
		amount_remaining: 0,
		amount_shipping: 0,
		application: null,
		attempt_count: 0,
		attempted: false,
		auto_advance: autoAdvance,
		automatic_tax: {
			disabled_reason: null,
			enabled: false,
			liability: null,
			provider: null,
			status: null
		},
		automatically_finalizes_at: autoAdvance && !sub ? now + DRAFT_WINDOW : null,
		billing_reason: input.reason,
		collection_method: collectionMethod,
		created: now,
		currency: input.currency,
		custom_fields: null,
		customer: customer.id,
		customer_account: null,
		customer_address: customer.address ?? null,
		customer_email: customer.email,
		customer_name: customer.name ?? null,
		customer_phone: customer.phone ?? null,
		customer_shipping: null,
		customer_tax_exempt: 'none',
		customer_tax_ids: [],
		default_payment_method: input.defaultPaymentMethod ?? null,
		default_source: null,
		default_tax_rates: [],
		description: input.description ?? null,
		discounts: [],
		due_date: dueDate,
		effective_at: null,
		ending_balance: null,
		footer: input.footer ?? null,
		from_invoice: null,
		hosted_invoice_url: null,
		invoice_pdf: null,
		issuer: { type: 'self' },
		last_finalization_error: null,
		latest_revision: null,
		lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
		livemode: false,
		metadata: input.metadata ?? {},
		next_payment_attempt: null,
		number: null,
		on_behalf_of: null,
		parent: sub
			? {
					type: 'subscription_details',
					quote_details: null,
					subscription_details: { metadata: sub.metadata, subscription: sub.id }
				}
			: null,
		payment_settings: {
			default_mandate: null,
			payment_method_options: null,
			payment_method_types: null
		},
		period_end: periodStart,
		period_start: periodStart,
		post_payment_credit_notes_amount: 0,
		pre_payment_credit_notes_amount: 0,
		receipt_number: null,
		rendering: null,
		shipping_cost: null,
		shipping_details: null,
		starting_balance: 0,
		statement_descriptor: null,
		status: 'draft',
		subscription: sub?.id ?? null,
		status_transitions: {
			finalized_at: null,
			marked_uncollectible_at: null,
			paid_at: null,
			voided_at: null
		},
		subtotal: 0,
		subtotal_excluding_tax: 0,
		test_clock: customer.test_clock ?? null,
		total: 0,
		total_discount_amounts: [],
		total_excluding_tax: 0,
		total_pretax_credit_amounts: [],
		total_taxes: [],
		webhooks_delivered_at: now
	};
	return invoice;
}

/** The pages the sandbox serves for an invoice; see `billing-pages.ts`. */
export const invoicePageUrl = (engine: Engine, invoice: Stripe.Invoice, pdf = false): string =>
	`${engine.origin}/invoices/${invoice.id}/${engine.pageToken(invoice.id)}${pdf ? '/pdf' : ''}`;

/**
 * Applies the customer's balance to an invoice's total, as finalization does: a credit (negative
 * balance) lowers `amount_due`, a debt raises it, and what is left of a credit is `ending_balance`.
 */
function applyBalance(invoice: Stripe.Invoice, balance: number): void {
	const owed = invoice.total + balance;
	invoice.starting_balance = balance;
	invoice.ending_balance = Math.min(owed, 0);
	invoice.amount_due = invoice.amount_remaining = Math.max(owed, 0);
}

/**
 * Draft → open: the invoice gets its number (the customer's sequence), takes the customer's
 * balance, and gets its hosted page and PDF. An invoice with nothing to pay is paid at once, as on
 * Stripe. Finalizing does not collect.
 */
export function finalizeInvoice(engine: Engine, invoice: Stripe.Invoice): void {
	const customer = engine.customers.get(String(invoice.customer), 'customer');
	const now = engine.now();
	const sequence = customer.next_invoice_sequence ?? 1;
	invoice.number = `${customer.invoice_prefix ?? 'SANDBOX'}-${String(sequence).padStart(4, '0')}`;
	customer.next_invoice_sequence = sequence + 1;
	applyBalance(invoice, customer.balance);
	if (invoice.ending_balance !== customer.balance) {
		const previous = { balance: customer.balance };
		customer.balance = invoice.ending_balance ?? 0;
		engine.emit('customer.updated', customer, previous);
	}
	invoice.status = 'open';
	invoice.status_transitions.finalized_at = now;
	invoice.effective_at = now;
	invoice.automatically_finalizes_at = null;
	invoice.hosted_invoice_url = invoicePageUrl(engine, invoice);
	invoice.invoice_pdf = invoicePageUrl(engine, invoice, true);
	engine.emit('invoice.finalized', invoice);
	if (invoice.amount_due === 0) {
		invoice.attempted = true;
		markPaid(engine, invoice);
	}
}

/** What goes on a subscription's invoice besides its customer and subscription. */
export interface SubscriptionInvoiceContent {
	/** Bill every item for `period` (a period invoice), or only `pending` (a proration invoice). */
	periodLines: boolean;
	/** The billed period. @default the items' current period */
	period?: { start: number; end: number } | undefined;
	/** Bill the period as a trial (zero amounts). @default the subscription is trialing */
	trial?: boolean | undefined;
	/** Pending invoice items (prorations, one-off items) the invoice collects. */
	pending: Stripe.InvoiceItem[];
	/** @default a new `in_` id */
	id?: string | undefined;
	/**
	 * A preview (`invoices.createPreview`): shown, never issued, so no usage is marked billed; the
	 * customer's balance is applied as finalization would apply it.
	 */
	preview?: boolean | undefined;
}

/** One line per licensed item of the subscription for `period` (metered items bill their usage). */
function periodLines(
	engine: Engine,
	sub: Stripe.Subscription,
	invoiceId: string,
	period: { start: number; end: number },
	trialing: boolean
): Stripe.InvoiceLineItem[] {
	return sub.items.data
		.filter((item) => !isMetered(item))
		.map((item) => {
			const quantity = item.quantity ?? 1;
			const amount = trialing ? 0 : priceAmount(engine, item.price, quantity);
			return subscriptionItemLine(sub, item, invoiceId, {
				amount,
				quantity,
				description: `${quantity} × ${engine.products.find(String(item.price.product))?.name ?? 'Plan'}${trialing ? ' (trial)' : ''}`,
				period
			});
		});
}

/**
 * Builds a subscription's draft invoice without storing it or telling anyone: what
 * `invoiceSubscription` issues and what `invoices.createPreview` shows. Stripe lists the
 * prorations and pending items first, then the new period, then the period's usage (billed in
 * arrears).
 */
export function draftSubscriptionInvoice(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Invoice.BillingReason,
	content: SubscriptionInvoiceContent
): Stripe.Invoice {
	const customer = engine.customers.get(customerId(sub), 'customer');
	const period = content.period ?? {
		start: firstItem(sub).current_period_start,
		end: firstItem(sub).current_period_end
	};
	const invoice = buildDraft(engine, customer, {
		id: content.id,
		reason,
		currency: sub.currency,
		subscription: sub,
		periodStart: period.start
	});
	invoice.lines.data = [
		...content.pending.map((item) => invoiceItemLine(item, invoice.id)),
		...(content.periodLines
			? [
					...periodLines(
						engine,
						sub,
						invoice.id,
						period,
						content.trial ?? sub.status === 'trialing'
					),
					...meteredUsageLines(engine, sub, invoice.id, { record: !content.preview })
				]
			: [])
	];
	setTotal(invoice);
	if (content.preview) applyBalance(invoice, customer.balance);
	return invoice;
}

/**
 * Issues a subscription's invoice with the customer's pending invoice items and tries to collect
 * it with the saved payment method. `periodLines: false` issues a proration invoice
 * (`always_invoice`). Under `pause_collection` the invoice stays a draft, or is voided or marked
 * uncollectible.
 */
export function invoiceSubscription(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Invoice.BillingReason,
	offSession: boolean,
	attempt = true,
	withPeriodLines = true
): Stripe.Invoice {
	const pending = pendingInvoiceItems(engine, customerId(sub), sub.id);
	const invoice = draftSubscriptionInvoice(engine, sub, reason, {
		periodLines: withPeriodLines,
		pending
	});
	for (const item of pending) item.invoice = invoice.id;
	engine.invoices.insert(invoice);
	sub.latest_invoice = invoice.id;
	engine.emit('invoice.created', invoice);
	const pause = sub.pause_collection?.behavior;
	if (pause === 'keep_as_draft') {
		// Kept for you to finalize: Stripe turns off automatic collection on these drafts.
		invoice.auto_advance = false;
		return invoice;
	}
	finalizeInvoice(engine, invoice);
	if (invoice.status !== 'open') return invoice;
	if (pause === 'void') voidInvoice(engine, invoice);
	else if (pause === 'mark_uncollectible') markUncollectible(engine, invoice);
	else {
		ensureIntent(engine, invoice, reason === 'subscription_create' ? 'creation' : 'update');
		// `default_incomplete` (no attempt) leaves the first payment to the front end
		// (confirmation_secret); a first invoice without a card waits for one (`incomplete`), a
		// renewal without one fails.
		const pm = invoicePaymentMethod(engine, invoice);
		if (attempt && (pm || reason !== 'subscription_create'))
			attemptCollection(engine, invoice, pm, offSession);
	}
	return invoice;
}

/** Puts an invoice item on a draft invoice (`invoiceItems.create` with `invoice`). */
export function addToDraft(invoice: Stripe.Invoice, item: Stripe.InvoiceItem): void {
	item.invoice = invoice.id;
	invoice.lines.data.push(invoiceItemLine(item, invoice.id));
	setTotal(invoice);
}

/** Totals from the lines (no tax or discounts are modelled); the balance comes at finalization. */
export function setTotal(invoice: Stripe.Invoice): void {
	const total = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
	invoice.amount_due = invoice.amount_remaining = Math.max(total, 0);
	invoice.subtotal = invoice.subtotal_excluding_tax = total;
	invoice.total = invoice.total_excluding_tax = total;
}

export function markPaid(engine: Engine, invoice: Stripe.Invoice): void {
	invoice.status = 'paid';
	// Shown only while an invoice is uncollectible.
	delete invoice.status_details;
	invoice.amount_paid = invoice.amount_due;
	invoice.amount_remaining = 0;
	invoice.status_transitions.paid_at = engine.now();
	invoice.next_payment_attempt = null;
	engine.emit('invoice.paid', invoice);
	engine.emit('invoice.payment_succeeded', invoice);
}

const customerDefault = (engine: Engine, customer: string): string | null => {
	const pm = engine.customers.find(customer)?.invoice_settings.default_payment_method;
	return pm ? String(pm) : null;
};

/** The payment method a subscription charges: its own default, then its customer's. */
export function defaultPaymentMethod(engine: Engine, sub: Stripe.Subscription): string | null {
	if (sub.default_payment_method) return String(sub.default_payment_method);
	return customerDefault(engine, customerId(sub));
}

/**
 * The payment method Stripe charges for an invoice: the invoice's own, then its subscription's
 * default, then the customer's `invoice_settings.default_payment_method`.
 */
export function invoicePaymentMethod(engine: Engine, invoice: Stripe.Invoice): string | null {
	if (invoice.default_payment_method) return String(invoice.default_payment_method);
	const sub = engine.subscriptions.find(subscriptionOf(invoice) ?? '');
	return sub
		? defaultPaymentMethod(engine, sub)
		: customerDefault(engine, String(invoice.customer));
}

/** The PaymentIntent that collects an open invoice, created on first need. */
function ensureIntent(
	engine: Engine,
	invoice: Stripe.Invoice,
	purpose = 'invoice'
): Stripe.PaymentIntent {
	const existing = invoice.payments?.data[0]?.payment.payment_intent;
	if (existing) return engine.paymentIntents.get(String(existing));
	const pi = createPaymentIntent(engine, {
		amount: invoice.amount_due,
		currency: invoice.currency,
		customer: String(invoice.customer),
		description:
			purpose === 'invoice' ? `Invoice ${invoice.number ?? invoice.id}` : `Subscription ${purpose}`
	});
	engine.invoiceByIntent.set(pi.id, invoice.id);
	invoice.confirmation_secret = { client_secret: pi.client_secret ?? '', type: 'payment_intent' };
	invoice.payments = {
		object: 'list',
		data: [
			{
				id: newId('inpay_'),
				object: 'invoice_payment',
				amount_paid: null,
				amount_requested: invoice.amount_due,
				created: engine.now(),
				currency: invoice.currency,
				invoice: invoice.id,
				is_default: true,
				livemode: false,
				payment: { type: 'payment_intent', payment_intent: pi.id },
				status: 'open',
				status_transitions: { canceled_at: null, paid_at: null }
			}
		],
		has_more: false,
		url: `/v1/invoice_payments?invoice=${invoice.id}`
	};
	return pi;
}

/**
 * One collection attempt with `paymentMethod` (renewal, retry, `pay`). A decline leaves the
 * invoice open; `followInvoicePayments` reports it. With no payment method the attempt fails
 * without a charge, as Stripe's does.
 */
export function attemptCollection(
	engine: Engine,
	invoice: Stripe.Invoice,
	paymentMethod: string | null,
	offSession: boolean
): void {
	const pi = ensureIntent(engine, invoice);
	invoice.attempt_count++;
	invoice.attempted = true;
	if (!paymentMethod) {
		reportFailure(engine, invoice);
		return;
	}
	try {
		confirmPaymentIntent(engine, pi, { paymentMethod, offSession });
	} catch (error) {
		if (!(error instanceof StripeApiError)) throw error;
	}
	if (pi.status === 'requires_action') engine.emit('invoice.payment_action_required', invoice);
}

/** A failed attempt: when the next retry runs (dunning), `invoice.payment_failed`, the listeners. */
function reportFailure(engine: Engine, invoice: Stripe.Invoice): void {
	invoice.next_payment_attempt = nextAttemptAfterFailure(invoice);
	engine.emit('invoice.payment_failed', invoice);
	for (const listener of engine.invoiceListeners) listener(invoice, 'failed');
}

/**
 * Follows each invoice's PaymentIntent wherever it is confirmed (API, Stripe.js, challenge page,
 * hosted invoice page): the invoice is paid or reports the failure, then `onSettled` lets its
 * subscription follow.
 */
export function followInvoicePayments(
	engine: Engine,
	onSettled: (invoice: Stripe.Invoice, outcome: 'paid' | 'failed') => void
): void {
	engine.invoiceListeners.push(onSettled);
	engine.intentListeners.push((pi) => {
		const invoiceId = engine.invoiceByIntent.get(pi.id);
		const invoice = invoiceId ? engine.invoices.find(invoiceId) : undefined;
		if (!invoice || (invoice.status !== 'open' && invoice.status !== 'uncollectible')) return;
		// Confirmed by the front end (Stripe.js, the hosted page): that was an attempt too.
		if (invoice.attempt_count === 0) {
			invoice.attempt_count = 1;
			invoice.attempted = true;
		}
		if (pi.status === 'succeeded') {
			const payment = invoice.payments?.data[0];
			if (payment) {
				payment.status = 'paid';
				payment.amount_paid = pi.amount;
				payment.status_transitions.paid_at = engine.now();
			}
			markPaid(engine, invoice);
			for (const listener of engine.invoiceListeners) listener(invoice, 'paid');
		} else if (pi.status === 'requires_payment_method') reportFailure(engine, invoice);
	});
}

/** Paid outside Stripe: paid without a charge (`attempted` stays false), its PaymentIntent canceled. */
function payOutOfBand(engine: Engine, invoice: Stripe.Invoice): void {
	closeIntent(engine, invoice);
	markPaid(engine, invoice);
	for (const listener of engine.invoiceListeners) listener(invoice, 'paid');
}

/** Open → void: nothing more is owed and its PaymentIntent is canceled. */
function voidInvoice(engine: Engine, invoice: Stripe.Invoice): void {
	invoice.status = 'void';
	invoice.status_transitions.voided_at = engine.now();
	invoice.next_payment_attempt = null;
	invoice.auto_advance = false;
	closeIntent(engine, invoice);
	engine.emit('invoice.voided', invoice);
}

/** Open → uncollectible: still payable, no longer retried. */
function markUncollectible(engine: Engine, invoice: Stripe.Invoice): void {
	invoice.status = 'uncollectible';
	invoice.status_details = { uncollectible: { reason: 'user_forgiven' } };
	invoice.status_transitions.marked_uncollectible_at = engine.now();
	invoice.next_payment_attempt = null;
	engine.emit('invoice.marked_uncollectible', invoice);
}

const NOT_OPEN = "You can only pass in open invoices. This invoice isn't open.";

/** Cancels the invoice's PaymentIntent when the invoice can no longer be paid. */
function closeIntent(engine: Engine, invoice: Stripe.Invoice): void {
	const piId = invoice.payments?.data[0]?.payment.payment_intent;
	const pi = piId ? engine.paymentIntents.find(String(piId)) : undefined;
	if (!pi || pi.status === 'succeeded' || pi.status === 'canceled') return;
	pi.status = 'canceled';
	pi.canceled_at = engine.now();
	pi.cancellation_reason = 'void_invoice';
	pi.next_action = null;
	engine.emit('payment_intent.canceled', pi);
}

/**
 * An action on one invoice (`POST /v1/invoices/:id/<action>`): parameters are checked first, then
 * the invoice is found and the action runs in the time of its customer's test clock.
 */
function invoiceAction<S extends z.ZodType>(
	schema: S,
	action: (engine: Engine, invoice: Stripe.Invoice, input: z.output<S>) => unknown,
	/** How Stripe names an unknown id for this action. */
	param = 'id'
): Route['handler'] {
	return ({ engine, path, params }) => {
		const input = parseParams(schema, params);
		const invoice = engine.invoices.get(path.id ?? '', param);
		return engine.atTime(engine.clockTimeOf(String(invoice.customer)), () =>
			action(engine, invoice, input)
		);
	};
}

const expandOnly = z.object({ expand }).strict();

const createSchema = z
	.object({
		customer: str(255),
		auto_advance: bool.optional(),
		collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
		currency: currency.optional(),
		days_until_due: int({ min: 0, max: 730 }).optional(),
		due_date: int({ min: 0 }).optional(),
		automatically_finalizes_at: int({ min: 0 }).optional(),
		default_payment_method: str(255).optional(),
		description: str(1500).optional(),
		statement_descriptor: str(22).optional(),
		footer: str(5000).optional(),
		metadata: metadata.optional(),
		expand
	})
	.strict();

const payable = (invoice: Stripe.Invoice): void => {
	if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid');
	if (invoice.status === 'void')
		throw invalidRequest('This invoice has been voided and can no longer be paid.');
};

/** The error `invoices.pay` answers when its attempt did not pay the invoice. */
function paymentError(engine: Engine, invoice: Stripe.Invoice): StripeApiError {
	const pi = engine.paymentIntents.get(String(invoice.payments?.data[0]?.payment.payment_intent));
	if (pi.status === 'requires_action')
		return new StripeApiError(402, {
			type: 'card_error',
			code: 'invoice_payment_intent_requires_action',
			message:
				'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.'
		});
	const error = pi.last_payment_error;
	return new StripeApiError(402, {
		type: 'card_error',
		code: error?.code ?? 'card_declined',
		message: error?.message ?? 'Your card was declined.',
		...(error?.decline_code ? { decline_code: error.decline_code } : {}),
		...(error?.charge ? { charge: error.charge } : {})
	});
}

export const invoiceRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/invoices',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			const customer = engine.customers.get(input.customer, 'customer');
			const method = input.collection_method ?? 'charge_automatically';
			if (method === 'send_invoice' && input.days_until_due === undefined && !input.due_date)
				throw invalidRequest(
					"If invoice collection method is 'send_invoice', you must specify 'due_date' or 'days_until_due'."
				);
			if (method !== 'send_invoice' && (input.days_until_due !== undefined || input.due_date))
				throw invalidRequest(
					"You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'."
				);
			return engine.atTime(engine.clockTimeOf(customer.id), () => {
				const invoice = buildDraft(engine, customer, {
					reason: 'manual',
					currency: input.currency ?? customer.currency ?? 'usd',
					collectionMethod: method,
					// A manual invoice waits for you unless told to advance (Stripe's default: false).
					autoAdvance: input.auto_advance ?? false,
					daysUntilDue: input.days_until_due,
					dueDate: input.due_date,
					description: input.description,
					footer: input.footer,
					metadata: input.metadata,
					defaultPaymentMethod: input.default_payment_method
				});
				if (invoice.auto_advance && input.automatically_finalizes_at)
					invoice.automatically_finalizes_at = input.automatically_finalizes_at;
				invoice.statement_descriptor = input.statement_descriptor ?? null;
				engine.invoices.insert(invoice);
				engine.emit('invoice.created', invoice);
				return engine.expand(invoice, input.expand);
			});
		}
	},
	retrieveRoute('/v1/invoices/:id', (engine) => engine.invoices, 'invoice'),
	{
		method: 'GET',
		path: '/v1/invoices/:id/lines',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object(listParams).strict(), params);
			const lines = engine.invoices.get(path.id as string, 'invoice').lines;
			const from = input.starting_after
				? lines.data.findIndex((line) => line.id === input.starting_after) + 1
				: 0;
			const limit = input.limit ?? 10;
			return engine.expand(
				{
					...lines,
					data: lines.data.slice(from, from + limit),
					has_more: from + limit < lines.data.length
				},
				input.expand
			);
		}
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/finalize',
		handler: invoiceAction(
			z.object({ auto_advance: bool.optional(), expand }).strict(),
			(engine, invoice, input) => {
				if (invoice.status !== 'draft')
					throw invalidRequest(
						"This invoice is already finalized, you can't re-finalize a non-draft invoice."
					);
				if (input.auto_advance !== undefined) invoice.auto_advance = input.auto_advance;
				finalizeInvoice(engine, invoice);
				return engine.expand(invoice, input.expand);
			}
		)
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/pay',
		handler: invoiceAction(
			z
				.object({
					payment_method: str(255).optional(),
					off_session: bool.optional(),
					paid_out_of_band: bool.optional(),
					expand
				})
				.strict(),
			(engine, invoice, input) => {
				payable(invoice);
				// Paying a draft finalizes it first, in the same call.
				if (invoice.status === 'draft') finalizeInvoice(engine, invoice);
				if (invoice.status === 'paid') return engine.expand(invoice, input.expand);
				if (input.paid_out_of_band) payOutOfBand(engine, invoice);
				else {
					const pm = input.payment_method ?? invoicePaymentMethod(engine, invoice);
					if (!pm)
						throw invalidRequest('Cannot charge a customer that has no active card', {
							code: 'missing'
						});
					attemptCollection(engine, invoice, pm, input.off_session ?? true);
					if (invoice.status !== 'paid') throw paymentError(engine, invoice);
				}
				return engine.expand(invoice, input.expand);
			}
		)
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/void',
		handler: invoiceAction(expandOnly, (engine, invoice, input) => {
			if (invoice.status === 'paid')
				throw invalidRequest('Invoices with `paid` payments cannot be voided.');
			if (invoice.status !== 'open') throw invalidRequest(NOT_OPEN);
			voidInvoice(engine, invoice);
			return engine.expand(invoice, input.expand);
		})
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/mark_uncollectible',
		handler: invoiceAction(expandOnly, (engine, invoice, input) => {
			if (invoice.status === 'uncollectible')
				throw invalidRequest('This invoice has already been marked uncollectible.');
			if (invoice.status !== 'open') throw invalidRequest(NOT_OPEN);
			markUncollectible(engine, invoice);
			return engine.expand(invoice, input.expand);
		})
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/send',
		handler: invoiceAction(
			expandOnly,
			(engine, invoice, input) => {
				if (invoice.status === 'draft') finalizeInvoice(engine, invoice);
				else if (invoice.status !== 'open')
					throw invalidRequest(
						'This invoice cannot be sent right now. Please contact us via https://support.stripe.com/contact with details, so we can help.'
					);
				// The sandbox sends no email; Stripe's `invoice.sent` says it would have.
				engine.emit('invoice.sent', invoice);
				return engine.expand(invoice, input.expand);
			},
			'invoice'
		)
	},
	{
		method: 'GET',
		path: '/v1/invoices',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
						customer: str(255).optional(),
						subscription: str(255).optional(),
						status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.invoices.list(
					input,
					(inv) =>
						(!input.customer || inv.customer === input.customer) &&
						(!input.subscription || subscriptionOf(inv) === input.subscription) &&
						(!input.status || inv.status === input.status) &&
						(!input.collection_method || inv.collection_method === input.collection_method)
				),
				input.expand
			);
		}
	}
];

/**
 * Drafts that advance automatically (`auto_advance`) are finalized at `automatically_finalizes_at`
 * as the clock passes it, and collected at once when they charge automatically.
 */
export function registerInvoiceHooks(engine: Engine): void {
	const advance = (now: number, clockId: string | null): void => {
		for (const invoice of [...engine.invoices.values()]) {
			const due = invoice.automatically_finalizes_at;
			if (invoice.status !== 'draft' || !invoice.auto_advance || due === null || due > now)
				continue;
			if ((invoice.test_clock ?? null) !== clockId) continue;
			engine.atTime(clockId === null ? null : due, () => {
				finalizeInvoice(engine, invoice);
				if (invoice.status === 'open' && invoice.collection_method === 'charge_automatically')
					attemptCollection(engine, invoice, invoicePaymentMethod(engine, invoice), true);
			});
		}
	};
	engine.clock.onAdvance((now) => advance(now, null));
	engine.clockAdvancers.push((_, clockId, to) => advance(to, clockId));
}
