import { timingSafeEqual } from 'node:crypto';
import type Stripe from 'stripe';
import { z } from 'zod';
import { renderInvoicePdf } from './invoice-pdf.js';
import {
	CARD_FIELDS,
	cardFromForm,
	esc,
	html,
	money,
	redirect,
	type PageContext,
	type PageResult,
	type PageRoute
} from './pages.js';
import { invoicePageUrl } from './resources/invoices.js';
import { challengeUrl } from './resources/payment-intents.js';
import { callApi } from './routes.js';
import type { Engine } from './state/engine.js';
import { StripeApiError } from './wire/errors.js';

const day = (seconds: number | null | undefined): string =>
	seconds ? new Date(seconds * 1000).toISOString().slice(0, 10) : '—';

const notFound = (what: string): PageResult =>
	html('Not found', `<main><h1>${esc(what)} not found</h1></main>`, 404);

/** The object a signed page address names, or `undefined` when the signature is wrong. */
function signed<T>(
	engine: Engine,
	ctx: PageContext,
	find: (id: string) => T | undefined
): T | undefined {
	const id = ctx.path.id ?? '';
	const expected = Buffer.from(engine.pageToken(id));
	const given = Buffer.from(ctx.path.token ?? '');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	return find(id);
}

const publishedInvoice = (ctx: PageContext): Stripe.Invoice | undefined => {
	const invoice = signed(ctx.engine, ctx, (id) => ctx.engine.invoices.find(id));
	// Drafts have no hosted page until they are finalized, as on Stripe.
	return invoice && invoice.status !== 'draft' ? invoice : undefined;
};

const STATUS_TEXT: Record<Stripe.Invoice.Status, string> = {
	draft: 'Draft',
	open: 'Due',
	paid: 'Paid',
	uncollectible: 'Past due',
	void: 'Void'
};

/** The charge that paid an invoice, for its receipt link. */
function paidCharge(engine: Engine, invoice: Stripe.Invoice): Stripe.Charge | undefined {
	const piId = invoice.payments?.data[0]?.payment.payment_intent;
	const pi = piId ? engine.paymentIntents.find(String(piId)) : undefined;
	return pi?.latest_charge ? engine.charges.find(String(pi.latest_charge)) : undefined;
}

function invoicePage(
	ctx: PageContext,
	invoice: Stripe.Invoice,
	notice?: { text: string; error: boolean }
): PageResult {
	const { engine } = ctx;
	const amount = (value: number): string => money(value, invoice.currency);
	const rows = invoice.lines.data
		.map(
			(line) =>
				`<tr><td>${esc(line.description ?? 'Line item')}<br><span class="note">${day(line.period.start)} – ${day(line.period.end)}</span></td><td>${amount(line.amount)}</td></tr>`
		)
		.join('');
	const payable = invoice.status === 'open' || invoice.status === 'uncollectible';
	const charge = invoice.status === 'paid' ? paidCharge(engine, invoice) : undefined;
	const summary =
		invoice.status === 'paid'
			? `<p role="status"><strong>${amount(invoice.amount_paid)}</strong> paid on ${day(invoice.status_transitions.paid_at)}</p>`
			: `<p><strong>${amount(invoice.amount_remaining)}</strong> ${invoice.status === 'void' ? 'void' : `due ${invoice.due_date ? day(invoice.due_date) : 'now'}`}</p>`;
	const pay = payable
		? `<form method="post" aria-label="Pay this invoice">${CARD_FIELDS.replaceAll('<input ', '<input required ')}<button type="submit" style="width:100%;margin-top:12px">Pay ${amount(invoice.amount_remaining)}</button></form>`
		: '';
	return html(
		`Invoice ${invoice.number ?? invoice.id}`,
		`<main><h1>Invoice ${esc(invoice.number)}</h1><p class="note">From ${esc(invoice.account_name)}. Sandbox invoice: test cards only.</p>
<p>Status: <strong>${STATUS_TEXT[invoice.status ?? 'draft']}</strong></p>${summary}
${notice ? `<p ${notice.error ? 'class="error" role="alert"' : 'role="status"'}>${esc(notice.text)}</p>` : ''}
<table><caption class="note" style="text-align:left">Invoice ${esc(invoice.number)} for ${esc(invoice.customer_email ?? invoice.customer_name ?? '')}</caption>
<thead><tr><th scope="col" style="text-align:left">Description</th><th scope="col" style="text-align:right">Amount</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><td>Total</td><td>${amount(invoice.total)}</td></tr><tr><td>Amount paid</td><td>${amount(invoice.amount_paid)}</td></tr><tr><td><strong>Amount remaining</strong></td><td><strong>${amount(invoice.amount_remaining)}</strong></td></tr></tfoot></table>
${pay}
<p><a href="${esc(invoicePageUrl(engine, invoice, true))}">Download invoice (PDF)</a>${charge?.receipt_url ? ` · <a href="${esc(charge.receipt_url)}">View receipt</a>` : ''}</p></main>`,
		notice?.error ? 402 : 200
	);
}

const payForm = z.object({
	number: z.string().max(40),
	expiry: z.string().max(10),
	cvc: z.string().max(8)
});

/** Pays the invoice with the card typed on the page, through the API's `invoices.pay`. */
function invoicePay(ctx: PageContext): PageResult {
	const invoice = publishedInvoice(ctx);
	if (!invoice) return notFound('Invoice');
	const parsed = payForm.safeParse(ctx.form);
	if (!parsed.success)
		return invoicePage(ctx, invoice, { text: 'Please fill in every field.', error: true });
	try {
		const pm = cardFromForm(ctx.engine, parsed.data);
		callApi(ctx.engine, 'POST', `/v1/invoices/${invoice.id}/pay`, {
			payment_method: pm.id,
			off_session: 'false'
		});
		return invoicePage(ctx, invoice, { text: 'Thank you: the invoice is paid.', error: false });
	} catch (error) {
		if (!(error instanceof StripeApiError)) throw error;
		const piId = invoice.payments?.data[0]?.payment.payment_intent;
		const pi = piId ? ctx.engine.paymentIntents.find(String(piId)) : undefined;
		// A card that asks for 3-D Secure goes to the challenge page, then back here.
		if (pi?.status === 'requires_action')
			return redirect(challengeUrl(ctx.engine, pi, invoicePageUrl(ctx.engine, invoice)));
		return invoicePage(ctx, invoice, { text: error.message, error: true });
	}
}

function receiptPage(ctx: PageContext): PageResult {
	const { engine } = ctx;
	const charge = signed(engine, ctx, (id) => engine.charges.find(id));
	if (!charge) return notFound('Receipt');
	const invoiceId = charge.payment_intent
		? engine.invoiceByIntent.get(String(charge.payment_intent))
		: undefined;
	const invoice = invoiceId ? engine.invoices.find(invoiceId) : undefined;
	const card = charge.payment_method_details?.card;
	const method = card
		? `${card.brand ?? 'card'} •••• ${card.last4 ?? ''}`
		: (charge.payment_method_details?.type ?? '—');
	const amount = (value: number): string => money(value, charge.currency);
	const status =
		charge.status === 'failed'
			? 'Failed'
			: charge.refunded
				? 'Refunded'
				: charge.status === 'pending'
					? 'Pending'
					: 'Paid';
	return html(
		'Receipt',
		`<main><h1>Receipt from ${esc('NOBS Pay Sandbox')}</h1>
<table><caption class="note" style="text-align:left">Payment ${esc(charge.id)}</caption><tbody>
<tr><th scope="row" style="text-align:left">Amount</th><td>${amount(charge.amount)}</td></tr>
<tr><th scope="row" style="text-align:left">Date</th><td>${day(charge.created)}</td></tr>
<tr><th scope="row" style="text-align:left">Payment method</th><td>${esc(method)}</td></tr>
<tr><th scope="row" style="text-align:left">Status</th><td>${status}</td></tr>
${charge.amount_refunded > 0 ? `<tr><th scope="row" style="text-align:left">Refunded</th><td>${amount(charge.amount_refunded)}</td></tr>` : ''}
${invoice?.number ? `<tr><th scope="row" style="text-align:left">Invoice</th><td>${esc(invoice.number)}</td></tr>` : ''}
</tbody></table>
${charge.description ? `<p>${esc(charge.description)}</p>` : ''}
${invoice?.hosted_invoice_url ? `<p><a href="${esc(invoice.hosted_invoice_url)}">View invoice ${esc(invoice.number)}</a></p>` : ''}</main>`
	);
}

/** The hosted invoice page and PDF (`hosted_invoice_url`, `invoice_pdf`) and charge receipts. */
export const billingPageRoutes: PageRoute[] = [
	{
		method: 'GET',
		path: '/invoices/:id/:token',
		handler: (ctx) => {
			const invoice = publishedInvoice(ctx);
			return invoice ? invoicePage(ctx, invoice) : notFound('Invoice');
		}
	},
	{ method: 'POST', path: '/invoices/:id/:token', handler: invoicePay },
	{
		method: 'GET',
		path: '/invoices/:id/:token/pdf',
		handler: async (ctx) => {
			const invoice = publishedInvoice(ctx);
			if (!invoice) return notFound('Invoice');
			return {
				type: 'application/pdf',
				body: await renderInvoicePdf(invoice),
				headers: {
					'content-disposition': `inline; filename="Invoice-${invoice.number ?? invoice.id}.pdf"`
				}
			};
		}
	},
	{ method: 'GET', path: '/receipts/:id/:token', handler: receiptPage }
];
