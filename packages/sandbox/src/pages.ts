import type Stripe from 'stripe';
import { z } from 'zod';
import { elementFrame } from './browser/element-frame.js';
import { stripeJsSource } from './browser/stripe-js.js';
import { payCheckoutSession, sessionTrialDays } from './resources/checkout.js';
import { finishChallenge } from './resources/payment-intents.js';
import { createCardPaymentMethod } from './resources/payment-methods.js';
import { portalPage, portalSubmit } from './portal-pages.js';
import { finishSetup } from './resources/setup-intents.js';
import type { Engine } from './state/engine.js';
import { StripeApiError } from './wire/errors.js';
import { ZERO_DECIMAL } from './wire/params.js';
import type { FormObject } from './wire/form.js';

export interface PageContext {
	engine: Engine;
	path: Record<string, string>;
	query: URLSearchParams;
	form: FormObject;
}

export interface PageResult {
	status?: number;
	type: string;
	/** HTML and scripts as text; binary answers (the invoice PDF) as bytes. */
	body: string | Uint8Array;
	headers?: Record<string, string>;
}

export interface PageRoute {
	method: 'GET' | 'POST';
	path: string;
	handler: (ctx: PageContext) => PageResult | Promise<PageResult>;
}

export const esc = (value: unknown): string =>
	String(value ?? '').replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
	);

const STYLE = `
:root{--primary:#0570de;--bg:#fff;--text:#30313d;--danger:#df1b41;--radius:4px;--font:system-ui,sans-serif}
*{box-sizing:border-box}body{margin:0;font-family:var(--font);color:var(--text);background:var(--bg);font-size:15px}
label{display:block;font-size:14px;margin:10px 0 4px}input,select{width:100%;padding:10px;border:1px solid #e0e0e6;border-radius:var(--radius);font:inherit;color:inherit;background:var(--bg)}
input[aria-invalid=true]{border-color:var(--danger)}.error{color:var(--danger);font-size:13px;min-height:0;margin:4px 0 0}
.row{display:flex;gap:12px}.row>div{flex:1}button{padding:10px 16px;border:0;border-radius:var(--radius);background:var(--primary);color:#fff;font:inherit;cursor:pointer}
button.secondary{background:#e6e6eb;color:#30313d}main{max-width:480px;margin:24px auto;padding:0 16px}.note{font-size:13px;opacity:.75}.trial{font-size:28px;margin-bottom:0}
table{width:100%;border-collapse:collapse}td{padding:6px 0}td:last-child{text-align:right}`;

export function html(title: string, body: string, status = 200): PageResult {
	return {
		status,
		type: 'text/html; charset=utf-8',
		body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`
	};
}

export const redirect = (location: string): PageResult => ({
	status: 303,
	type: 'text/plain',
	body: `See ${location}`,
	headers: { location }
});

const field = (id: string, label: string, attrs: string): string =>
	`<label for="${id}">${esc(label)}</label><input id="${id}" name="${id}" ${attrs}><p class="error" role="alert" data-error-for="${id}"></p>`;

/** A card payment method from the card fields of a page form ("MM / YY" expiry). */
export function cardFromForm(
	engine: Engine,
	form: { number: string; expiry: string; cvc: string },
	extra?: Parameters<typeof createCardPaymentMethod>[2]
): Stripe.PaymentMethod {
	const expiry = form.expiry.replace(/\D/g, '');
	return createCardPaymentMethod(
		engine,
		{
			number: form.number,
			exp_month: Number(expiry.slice(0, 2)) || 0,
			exp_year: 2000 + (Number(expiry.slice(2, 4)) || 0),
			cvc: form.cvc.replace(/\D/g, '')
		},
		extra
	);
}

export const CARD_FIELDS =
	field(
		'number',
		'Card number',
		'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"'
	) +
	`<div class="row"><div>${field('expiry', 'Expiration date', 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"')}</div><div>${field('cvc', 'Security code', 'inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"')}</div></div>`;

const ELEMENT_BODIES: Record<string, string> = {
	payment: `<form aria-label="Card details" onsubmit="return false">${CARD_FIELDS}</form>`,
	address:
		`<form aria-label="Address" onsubmit="return false">` +
		field('name', 'Full name', 'autocomplete="name"') +
		field('line1', 'Address', 'autocomplete="address-line1"') +
		`<div class="row"><div>${field('city', 'City', 'autocomplete="address-level2"')}</div><div>${field('postal_code', 'Postal code', 'autocomplete="postal-code"')}</div></div>` +
		`<label for="country">Country</label><select id="country" name="country" autocomplete="country">${[
			'US',
			'GB',
			'DE',
			'FR',
			'CA',
			'AU',
			'JP',
			'NL'
		]
			.map((c) => `<option>${c}</option>`)
			.join('')}</select></form>`,
	linkAuthentication: `<form aria-label="Contact" onsubmit="return false">${field('email', 'Email', 'type="email" autocomplete="email"')}</form>`,
	expressCheckout: `<button id="wallet" type="button" style="width:100%">Pay with Sandbox Wallet</button>`
};

function elementPage(type: string): PageResult {
	const body = ELEMENT_BODIES[type];
	if (!body) return html('Unknown element', `<p>Unknown element type.</p>`, 404);
	// The frame script is sent as source; `__name` covers bundlers that wrap functions for names.
	return html(
		`${type} element`,
		`${body}<script>var __name=function(f){return f};(${elementFrame.toString()})(${JSON.stringify(type)});</script>`
	);
}

const secretSchema = z.object({
	client_secret: z.string().max(500),
	return_url: z.string().max(5000).optional(),
	embedded: z.literal('1').optional()
});
const challengeForm = secretSchema.extend({ action: z.enum(['complete', 'fail']) });

type Intent =
	{ kind: 'payment'; intent: Stripe.PaymentIntent } | { kind: 'setup'; intent: Stripe.SetupIntent };

function findIntent(engine: Engine, id: string, clientSecret: string): Intent | undefined {
	const pi = engine.paymentIntents.find(id);
	if (pi && pi.client_secret === clientSecret) return { kind: 'payment', intent: pi };
	const si = engine.setupIntents.find(id);
	if (si && si.client_secret === clientSecret) return { kind: 'setup', intent: si };
	return undefined;
}

function withQuery(url: string, params: Record<string, string>): string {
	try {
		const target = new URL(url);
		for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
		return target.toString();
	} catch {
		return url;
	}
}

function challengePage(ctx: PageContext): PageResult {
	const parsed = secretSchema.safeParse(Object.fromEntries(ctx.query));
	const id = ctx.path.id as string;
	const found = parsed.success ? findIntent(ctx.engine, id, parsed.data.client_secret) : undefined;
	if (!parsed.success || !found)
		return html('Not found', '<main><h1>Authentication not found</h1></main>', 404);
	const hidden = Object.entries(parsed.data)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
		.join('');
	const amount =
		found.kind === 'payment' ? money(found.intent.amount, found.intent.currency) : 'card setup';
	return html(
		'3D Secure test page',
		`<main><h1>3D Secure 2 test page</h1><p>The NOBS Pay sandbox is asking you to authenticate ${esc(amount)}. This stands in for the bank's challenge.</p>
<form method="post">${hidden}<div class="row"><button type="submit" name="action" value="complete">Complete</button><button class="secondary" type="submit" name="action" value="fail">Fail</button></div></form></main>`
	);
}

function challengeAnswer(ctx: PageContext): PageResult {
	const parsed = challengeForm.safeParse(ctx.form);
	const found = parsed.success
		? findIntent(ctx.engine, ctx.path.id as string, parsed.data.client_secret)
		: undefined;
	if (!parsed.success || !found)
		return html('Not found', '<main><h1>Authentication not found</h1></main>', 404);
	const completed = parsed.data.action === 'complete';
	if (found.kind === 'payment') finishChallenge(ctx.engine, found.intent, completed);
	else if (found.intent.status === 'requires_action')
		finishSetup(ctx.engine, found.intent, completed);
	if (parsed.data.embedded)
		return html(
			'Done',
			`<main><p>Authentication ${completed ? 'completed' : 'failed'}.</p></main><script>parent.postMessage({source:'nobs-sandbox',type:'challenge-complete'},'*')</script>`
		);
	if (parsed.data.return_url) {
		const name = found.kind === 'payment' ? 'payment_intent' : 'setup_intent';
		return redirect(
			withQuery(parsed.data.return_url, {
				[name]: found.intent.id,
				[`${name}_client_secret`]: parsed.data.client_secret,
				redirect_status:
					found.intent.status === 'succeeded' || found.intent.status === 'requires_capture'
						? 'succeeded'
						: 'failed'
			})
		);
	}
	return html(
		'Done',
		`<main><p>Authentication ${completed ? 'completed' : 'failed'}. You can close this page.</p></main>`
	);
}

/** Minor units as a shopper reads them, "$1,497.00" or "¥500", the way stores format with Intl. */
export function money(amount: number | null, currency: string | null): string {
	const code = (currency ?? 'usd').toLowerCase();
	const digits = ZERO_DECIMAL.has(code) ? 0 : 2;
	return new Intl.NumberFormat('en-US', {
		style: 'currency',
		currency: code,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format((amount ?? 0) / 10 ** digits);
}

/** "per month", "every 3 months": how Stripe's page says how often a price is charged. */
function cadence(recurring: Stripe.Price.Recurring): string {
	const count = recurring.interval_count;
	return count === 1 ? `per ${recurring.interval}` : `every ${count} ${recurring.interval}s`;
}

/**
 * As Stripe's hosted page shows a trial: "14 days free", then what is charged after it, and
 * nothing due today. Empty when the session starts no trial.
 */
function trialSummary(
	engine: Engine,
	session: Stripe.Checkout.Session,
	items: readonly Stripe.LineItem[]
): string | undefined {
	const recurring = items.find((item) => item.price?.recurring)?.price?.recurring;
	const days =
		sessionTrialDays(engine, session) ??
		Math.max(0, ...items.map((item) => item.price?.recurring?.trial_period_days ?? 0));
	if (session.mode !== 'subscription' || !recurring || !days) return undefined;
	const after = `${money(session.amount_total, session.currency)} ${cadence(recurring)}`;
	return `<p class="trial"><strong>${days} days free</strong></p><p>Then ${esc(after)} after the trial.</p>`;
}

function checkoutSession(ctx: PageContext): Stripe.Checkout.Session | undefined {
	const session = ctx.engine.checkoutSessions.find(ctx.path.id as string);
	if (!session) return undefined;
	// Embedded sessions are reachable only with their client secret, as on Stripe.
	if (
		session.ui_mode !== 'hosted_page' &&
		ctx.query.get('client_secret') !== session.client_secret &&
		ctx.form.client_secret !== session.client_secret
	)
		return undefined;
	return session;
}

function checkoutPage(
	ctx: PageContext,
	session: Stripe.Checkout.Session,
	error?: string
): PageResult {
	const items = ctx.engine.checkoutLineItems.get(session.id) ?? [];
	const embedded = ctx.query.get('embedded') === '1' || ctx.form.embedded === '1';
	const rows = items
		.map(
			(item) =>
				`<tr><td>${esc(item.description)} × ${item.quantity ?? 1}${item.price?.recurring ? ` / ${esc(item.price.recurring.interval)}` : ''}</td><td>${money(item.amount_total, item.currency)}</td></tr>`
		)
		.join('');
	const closed = session.status !== 'open';
	// A session for a known customer shows their email, read-only, as Stripe's page does.
	const customerEmail = session.customer
		? ctx.engine.customers.find(String(session.customer))?.email
		: null;
	const email = customerEmail ?? session.customer_email ?? '';
	const known = Boolean(customerEmail);
	const trial = trialSummary(ctx.engine, session, items);
	const total = money(session.amount_total, session.currency);
	const totals = trial
		? `<tr><td>Total after trial</td><td>${total}</td></tr><tr><td><strong>Total due today</strong></td><td><strong>${money(0, session.currency)}</strong></td></tr>`
		: `<tr><td><strong>Total</strong></td><td><strong>${total}</strong></td></tr>`;
	const action = trial
		? 'Start trial'
		: `${session.mode === 'subscription' ? 'Subscribe' : 'Pay'} ${total}`;
	return html(
		'Sandbox Checkout',
		`<main><h1>${session.mode === 'subscription' ? 'Subscribe' : 'Pay'}</h1><p class="note">NOBS Pay sandbox checkout: test cards only.</p>
${trial ?? ''}<table aria-label="Order summary">${rows}${totals}</table>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
${
	closed
		? `<p role="status">This checkout session is ${esc(session.status)}.</p>`
		: `<form method="post">${embedded ? `<input type="hidden" name="embedded" value="1"><input type="hidden" name="client_secret" value="${esc(session.client_secret)}">` : ''}
${field('email', 'Email', `type="email" autocomplete="email" required value="${esc(email)}"${known ? ' readonly' : ''}`)}
${CARD_FIELDS.replaceAll('<input ', '<input required ')}
${field('name', 'Name on card', 'autocomplete="cc-name"')}
<button type="submit" style="width:100%;margin-top:12px">${action}</button></form>`
}
${session.cancel_url && !embedded ? `<p><a href="${esc(session.cancel_url)}">← Back</a></p>` : ''}</main>`,
		error ? 402 : 200
	);
}

const checkoutForm = z.object({
	email: z.string().max(800),
	number: z.string().max(40),
	expiry: z.string().max(10),
	cvc: z.string().max(8),
	name: z.string().max(200).optional(),
	embedded: z.literal('1').optional(),
	client_secret: z.string().max(500).optional()
});

function completionTarget(session: Stripe.Checkout.Session): string | null {
	const url =
		session.ui_mode === 'hosted_page' ? session.success_url : (session.return_url ?? null);
	return url ? url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) : null;
}

function afterCheckout(session: Stripe.Checkout.Session, embedded: boolean): PageResult {
	const target = completionTarget(session);
	if (embedded)
		return html(
			'Thank you',
			`<main><h1>Thank you</h1><p role="status">Payment complete.</p></main><script>parent.postMessage({source:'nobs-sandbox',type:'checkout-complete',session:${JSON.stringify(session.id)},returnUrl:${JSON.stringify(target)}},'*')</script>`
		);
	return target
		? redirect(target)
		: html('Thank you', '<main><h1>Thank you</h1><p role="status">Payment complete.</p></main>');
}

function checkoutSubmit(ctx: PageContext): PageResult {
	const session = checkoutSession(ctx);
	if (!session) return html('Not found', '<main><h1>Checkout session not found</h1></main>', 404);
	const parsed = checkoutForm.safeParse(ctx.form);
	if (!parsed.success) return checkoutPage(ctx, session, 'Please fill in every field.');
	let pm: Stripe.PaymentMethod;
	try {
		pm = cardFromForm(ctx.engine, parsed.data, {
			billing_details: {
				email: parsed.data.email,
				...(parsed.data.name ? { name: parsed.data.name } : {})
			}
		});
	} catch (error) {
		return checkoutPage(
			ctx,
			session,
			error instanceof StripeApiError ? error.message : 'Your card could not be read.'
		);
	}
	const embedded = parsed.data.embedded === '1';
	const back = `${ctx.engine.origin}/c/pay/${session.id}/return${embedded ? `?embedded=1&client_secret=${encodeURIComponent(session.client_secret ?? '')}` : ''}`;
	const result = payCheckoutSession(ctx.engine, session, {
		paymentMethod: pm,
		email: parsed.data.email,
		returnTo: back
	});
	if (result.kind === 'error') return checkoutPage(ctx, session, result.message);
	if (result.kind === 'challenge') return redirect(result.url);
	return afterCheckout(session, embedded);
}

function checkoutReturn(ctx: PageContext): PageResult {
	const session = checkoutSession(ctx);
	if (!session) return html('Not found', '<main><h1>Checkout session not found</h1></main>', 404);
	if (session.status === 'complete')
		return afterCheckout(session, ctx.query.get('embedded') === '1');
	return checkoutPage(
		ctx,
		session,
		'We are unable to authenticate your payment method. Please choose a different payment method and try again.'
	);
}

const script = (ctx: PageContext): PageResult => ({
	type: 'application/javascript; charset=utf-8',
	body: stripeJsSource(ctx.engine.origin),
	headers: { 'cache-control': 'no-store' }
});

export const pageRoutes: PageRoute[] = [
	{ method: 'GET', path: '/v3/stripe.js', handler: script },
	{ method: 'GET', path: '/v3', handler: script },
	{ method: 'GET', path: '/v3/', handler: script },
	{ method: 'GET', path: '/endive/stripe.js', handler: script },
	{
		method: 'GET',
		path: '/elements/:type',
		handler: (ctx) => elementPage(ctx.path.type as string)
	},
	{ method: 'GET', path: '/3ds/:id', handler: challengePage },
	{ method: 'POST', path: '/3ds/:id', handler: challengeAnswer },
	{
		method: 'GET',
		path: '/c/pay/:id',
		handler: (ctx) => {
			const session = checkoutSession(ctx);
			return session
				? checkoutPage(ctx, session)
				: html('Not found', '<main><h1>Checkout session not found</h1></main>', 404);
		}
	},
	{ method: 'POST', path: '/c/pay/:id', handler: checkoutSubmit },
	{ method: 'GET', path: '/c/pay/:id/return', handler: checkoutReturn },
	{ method: 'GET', path: '/p/session/:id', handler: (ctx) => portalPage(ctx) },
	{ method: 'POST', path: '/p/session/:id', handler: portalSubmit },
	{
		method: 'GET',
		path: '/',
		handler: () =>
			html(
				'NOBS Pay sandbox',
				'<main><h1>NOBS Pay sandbox</h1><p>An offline, stateful Stripe-compatible API. See <code>/v3/stripe.js</code>.</p></main>'
			)
	}
];
