import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest, StripeApiError } from '../wire/errors.js';
import { bool, createdFilter, expand, listParams, parseParams, str } from '../wire/params.js';
import { confirmPaymentIntent, createPaymentIntent } from './payment-intents.js';
import { invoiceItemLine, pendingInvoiceItems } from './invoice-items.js';
import { priceAmount } from './prices.js';
import { retrieveRoute } from './retrieve.js';
import { isMetered, meteredUsageLines } from './usage-lines.js';

const firstItem = (sub: Stripe.Subscription): Stripe.SubscriptionItem =>
	sub.items.data[0] as Stripe.SubscriptionItem;
const customerId = (sub: Stripe.Subscription): string =>
	typeof sub.customer === 'string' ? sub.customer : sub.customer.id;

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
	/** A preview (`invoices.createPreview`): shown, never issued, so no usage is marked billed. */
	preview?: boolean | undefined;
}

/**
 * Builds a subscription's invoice without storing it or telling anyone: what `invoiceSubscription`
 * issues and what `invoices.createPreview` shows. A customer credit balance (negative `balance`)
 * lowers the amount due; a negative total becomes credit (`ending_balance`).
 */
export function draftSubscriptionInvoice(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Invoice.BillingReason,
	content: SubscriptionInvoiceContent
): Stripe.Invoice {
	const customer = engine.customers.get(customerId(sub), 'customer');
	const start = content.period?.start ?? firstItem(sub).current_period_start;
	const end = content.period?.end ?? firstItem(sub).current_period_end;
	const trialing = content.trial ?? sub.status === 'trialing';
	const id = content.id ?? newId('in_');
	const pendingLines = content.pending.map((item) => invoiceItemLine(item, id));
	const billed = content.periodLines ? sub.items.data.filter((item) => !isMetered(item)) : [];
	const periodLines: Stripe.InvoiceLineItem[] = billed.map((item) => {
		const amount = trialing ? 0 : priceAmount(engine, item.price, item.quantity ?? 1);
		return {
			id: newId('il_'),
			object: 'line_item',
			amount,
			currency: sub.currency,
			description: `${item.quantity ?? 1} × ${engine.products.find(String(item.price.product))?.name ?? 'Plan'}${trialing ? ' (trial)' : ''}`,
			discount_amounts: [],
			discountable: true,
			discounts: [],
			invoice: id,
			livemode: false,
			metadata: {},
			parent: {
				type: 'subscription_item_details',
				invoice_item_details: null,
				subscription_item_details: {
					invoice_item: null,
					proration: false,
					proration_details: { credited_items: null },
					subscription: sub.id,
					subscription_item: item.id
				}
			},
			period: { start, end },
			pretax_credit_amounts: [],
			pricing: {
				type: 'price_details',
				price_details: { price: item.price.id, product: String(item.price.product) },
				unit_amount_decimal: item.price.unit_amount_decimal
			},
			quantity: item.quantity ?? 1,
			quantity_decimal: String(
				item.quantity ?? 1
			) as unknown as Stripe.InvoiceLineItem['quantity_decimal'],
			subscription: sub.id,
			subtotal: amount,
			taxes: []
		};
	});
	// Stripe lists the prorations before the new period, and the period's usage (billed in arrears) after it.
	const usageLines = content.periodLines
		? meteredUsageLines(engine, sub, id, { record: !content.preview })
		: [];
	const lines = [...pendingLines, ...periodLines, ...usageLines];
	const total = lines.reduce((sum, line) => sum + line.amount, 0);
	const startingBalance = customer.balance;
	const owed = total + startingBalance;
	const amountDue = Math.max(owed, 0);
	const now = engine.now();
	const invoice: Stripe.Invoice = {
		id,
		object: 'invoice',
		account_country: 'US',
		account_name: 'NOBS Pay Sandbox',
		account_tax_ids: null,
		amount_due: amountDue,
		amount_overpaid: 0,
		amount_paid: 0,
		amount_remaining: amountDue,
		amount_shipping: 0,
		application: null,
		attempt_count: 0,
		attempted: false,
		auto_advance: true,
		automatic_tax: {
			disabled_reason: null,
			enabled: false,
			liability: null,
			provider: null,
			status: null
		},
		automatically_finalizes_at: null,
		billing_reason: reason,
		collection_method: 'charge_automatically',
		created: now,
		currency: sub.currency,
		custom_fields: null,
		customer: customer.id,
		customer_account: null,
		customer_address: null,
		customer_email: customer.email,
		customer_name: customer.name ?? null,
		customer_phone: customer.phone ?? null,
		customer_shipping: null,
		customer_tax_exempt: 'none',
		customer_tax_ids: [],
		default_payment_method: null,
		default_source: null,
		default_tax_rates: [],
		description: null,
		discounts: [],
		due_date: null,
		effective_at: now,
		ending_balance: Math.min(owed, 0),
		footer: null,
		from_invoice: null,
		hosted_invoice_url: `${engine.origin}/invoices/${id}`,
		invoice_pdf: null,
		issuer: { type: 'self' },
		last_finalization_error: null,
		latest_revision: null,
		lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
		livemode: false,
		metadata: {},
		next_payment_attempt: null,
		number: `${customer.invoice_prefix ?? 'SANDBOX'}-${String(customer.next_invoice_sequence ?? 1).padStart(4, '0')}`,
		on_behalf_of: null,
		parent: {
			type: 'subscription_details',
			quote_details: null,
			subscription_details: { metadata: sub.metadata, subscription: sub.id }
		},
		payment_settings: {
			default_mandate: null,
			payment_method_options: null,
			payment_method_types: null
		},
		period_end: start,
		period_start: start,
		post_payment_credit_notes_amount: 0,
		pre_payment_credit_notes_amount: 0,
		receipt_number: null,
		rendering: null,
		shipping_cost: null,
		shipping_details: null,
		starting_balance: startingBalance,
		statement_descriptor: null,
		status: 'open',
		status_transitions: {
			finalized_at: now,
			marked_uncollectible_at: null,
			paid_at: null,
			voided_at: null
		},
		subtotal: total,
		subtotal_excluding_tax: total,
		test_clock: sub.test_clock,
		total,
		total_discount_amounts: [],
		total_excluding_tax: total,
		total_pretax_credit_amounts: [],
		total_taxes: [],
		webhooks_delivered_at: now
	};
	// Stripe's published sample still carries the pre-2025 `subscription` field beside `parent`.
	return Object.assign(invoice, { subscription: sub.id });
}

/**
 * Issues a subscription's invoice with the customer's pending invoice items and tries to collect
 * it with the saved card. `periodLines: false` issues a proration invoice (`always_invoice`).
 * Under `pause_collection` the invoice stays a draft, or is voided or marked uncollectible.
 */
export function invoiceSubscription(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Invoice.BillingReason,
	offSession: boolean,
	attempt = true,
	periodLines = true
): Stripe.Invoice {
	const customer = engine.customers.get(customerId(sub), 'customer');
	const pending = pendingInvoiceItems(engine, customer.id, sub.id);
	const invoice = draftSubscriptionInvoice(engine, sub, reason, { periodLines, pending });
	for (const item of pending) item.invoice = invoice.id;
	engine.invoices.insert(invoice);
	sub.latest_invoice = invoice.id;
	const pause = sub.pause_collection?.behavior;
	if (pause === 'keep_as_draft') {
		invoice.status = 'draft';
		invoice.number = null;
		invoice.hosted_invoice_url = null;
		invoice.status_transitions.finalized_at = null;
		invoice.starting_balance = 0;
		invoice.ending_balance = null;
		engine.emit('invoice.created', invoice);
		return invoice;
	}
	customer.next_invoice_sequence = (customer.next_invoice_sequence ?? 1) + 1;
	if (invoice.ending_balance !== customer.balance) {
		const previous = { balance: customer.balance };
		customer.balance = invoice.ending_balance ?? 0;
		engine.emit('customer.updated', customer, previous);
	}
	engine.emit('invoice.created', invoice);
	engine.emit('invoice.finalized', invoice);
	if (pause === 'void') {
		invoice.status = 'void';
		invoice.status_transitions.voided_at = engine.now();
		engine.emit('invoice.voided', invoice);
	} else if (pause === 'mark_uncollectible') {
		invoice.status = 'uncollectible';
		invoice.status_transitions.marked_uncollectible_at = engine.now();
		engine.emit('invoice.marked_uncollectible', invoice);
	} else if (invoice.amount_due === 0) markPaid(engine, invoice);
	else collect(engine, invoice, sub, offSession, attempt);
	return invoice;
}

export function markPaid(engine: Engine, invoice: Stripe.Invoice): void {
	invoice.status = 'paid';
	invoice.amount_paid = invoice.amount_due;
	invoice.amount_remaining = 0;
	invoice.status_transitions.paid_at = engine.now();
	invoice.attempted = true;
	engine.emit('invoice.paid', invoice);
	engine.emit('invoice.payment_succeeded', invoice);
}

export function defaultPaymentMethod(engine: Engine, sub: Stripe.Subscription): string | null {
	if (sub.default_payment_method) return String(sub.default_payment_method);
	const customer = engine.customers.find(customerId(sub));
	const pm = customer?.invoice_settings.default_payment_method;
	return pm ? String(pm) : null;
}

/** Charges the invoice off-session. A decline leaves it open; the PaymentIntent stays for a retry. */
function collect(
	engine: Engine,
	invoice: Stripe.Invoice,
	sub: Stripe.Subscription,
	offSession: boolean,
	attempt: boolean
): void {
	const pm = defaultPaymentMethod(engine, sub);
	const pi = createPaymentIntent(engine, {
		amount: invoice.amount_due,
		currency: invoice.currency,
		customer: String(invoice.customer),
		description: `Subscription ${invoice.billing_reason === 'subscription_create' ? 'creation' : 'update'}`,
		paymentMethod: pm ?? undefined
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
	// `default_incomplete` leaves the first payment to the front end (confirmation_secret).
	if (!pm || !attempt) return;
	invoice.attempt_count++;
	invoice.attempted = true;
	try {
		confirmPaymentIntent(engine, pi, { offSession });
	} catch (error) {
		if (!(error instanceof StripeApiError)) throw error;
	}
	if (pi.status === 'requires_action') engine.emit('invoice.payment_action_required', invoice);
}

/**
 * Follows each invoice's PaymentIntent wherever it is confirmed (API, Stripe.js, challenge page):
 * the invoice is paid or reports the failure, then `onSettled` lets its subscription follow.
 */
export function followInvoicePayments(
	engine: Engine,
	onSettled: (invoice: Stripe.Invoice, outcome: 'paid' | 'failed') => void
): void {
	engine.invoiceListeners.push(onSettled);
	engine.intentListeners.push((pi) => {
		const invoiceId = engine.invoiceByIntent.get(pi.id);
		const invoice = invoiceId ? engine.invoices.find(invoiceId) : undefined;
		if (!invoice || invoice.status !== 'open') return;
		if (pi.status === 'succeeded') {
			const payment = invoice.payments?.data[0];
			if (payment) {
				payment.status = 'paid';
				payment.amount_paid = pi.amount;
			}
			markPaid(engine, invoice);
		} else if (pi.status === 'requires_payment_method') {
			engine.emit('invoice.payment_failed', invoice);
		}
		if (pi.status === 'succeeded' || pi.status === 'requires_payment_method')
			for (const listener of engine.invoiceListeners)
				listener(invoice, pi.status === 'succeeded' ? 'paid' : 'failed');
	});
}

export const invoiceRoutes: Route[] = [
	retrieveRoute('/v1/invoices/:id', (engine) => engine.invoices),
	{
		method: 'GET',
		path: '/v1/invoices/:id/lines',
		handler: ({ engine, path, params }) => {
			parseParams(z.object(listParams).strict(), params);
			return engine.invoices.get(path.id as string).lines;
		}
	},
	{
		method: 'POST',
		path: '/v1/invoices/:id/pay',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z
					.object({
						payment_method: str(255).optional(),
						off_session: bool.optional(),
						paid_out_of_band: bool.optional(),
						expand
					})
					.strict(),
				params
			);
			const invoice = engine.invoices.get(path.id as string);
			if (invoice.status !== 'open')
				throw invalidRequest('Invoice is already paid', { code: 'invoice_not_open' });
			const pi = engine.paymentIntents.get(
				String(invoice.payments?.data[0]?.payment.payment_intent)
			);
			if (input.paid_out_of_band) {
				// Paid outside Stripe: the invoice is paid without a charge and its PaymentIntent is canceled.
				if (pi.status !== 'succeeded' && pi.status !== 'canceled') {
					pi.status = 'canceled';
					pi.canceled_at = engine.now();
					pi.next_action = null;
					engine.emit('payment_intent.canceled', pi);
				}
				markPaid(engine, invoice);
				for (const listener of engine.invoiceListeners) listener(invoice, 'paid');
				return engine.expand(invoice, input.expand);
			}
			invoice.attempt_count++;
			confirmPaymentIntent(engine, pi, {
				paymentMethod: input.payment_method,
				offSession: input.off_session ?? true
			});
			return engine.expand(invoice, input.expand);
		}
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
						(!input.subscription ||
							inv.parent?.subscription_details?.subscription === input.subscription) &&
						(!input.status || inv.status === input.status) &&
						(!input.collection_method || inv.collection_method === input.collection_method)
				),
				input.expand
			);
		}
	}
];
