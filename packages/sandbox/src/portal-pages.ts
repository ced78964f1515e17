/**
 * The customer portal's pages: the homepage (plans, cancel, card) and the single-purpose flows a
 * session opens with `flow_data`. Every change goes through the API in-process (`callApi`), so the
 * portal emits exactly the events the same API call would.
 */
import type Stripe from 'stripe';
import { z } from 'zod';
import {
	CARD_FIELDS,
	cardFromForm,
	esc,
	html,
	money,
	redirect,
	type PageContext,
	type PageResult
} from './pages.js';
import { attachPaymentMethod } from './resources/payment-methods.js';
import { cancellationFeedback } from './resources/subscriptions.js';
import { callApi } from './routes.js';
import type { Engine } from './state/engine.js';

const subscriptionField = z.string().max(255);

const portalForm = z.discriminatedUnion('action', [
	z.object({
		action: z.literal('switch'),
		subscription: subscriptionField,
		price: z.string().max(255)
	}),
	z.object({
		action: z.literal('cancel'),
		subscription: subscriptionField,
		// An unanswered question sends an empty value.
		feedback: z.union([cancellationFeedback, z.literal('')]).optional()
	}),
	z.object({ action: z.literal('renew'), subscription: subscriptionField }),
	z.object({ action: z.literal('confirm_update'), subscription: subscriptionField }),
	z.object({
		action: z.literal('card'),
		number: z.string().max(40),
		expiry: z.string().max(10),
		cvc: z.string().max(8)
	})
]);
type PortalForm = z.infer<typeof portalForm>;

/** The one action each flow allows. */
const FLOW_ACTION: Partial<Record<Stripe.BillingPortal.Session.Flow.Type, PortalForm['action']>> = {
	payment_method_update: 'card',
	subscription_cancel: 'cancel',
	subscription_update: 'switch',
	subscription_update_confirm: 'confirm_update'
};

const FEEDBACK_LABELS: Record<z.infer<typeof cancellationFeedback>, string> = {
	too_expensive: "It's too expensive",
	missing_features: 'Some features are missing',
	switched_service: "I'm switching to a different service",
	unused: "I don't use the service enough",
	customer_service: 'Customer service was less than expected',
	too_complex: 'Ease of use was less than expected',
	low_quality: 'Quality was less than expected',
	other: 'Other reason'
};

type Notice = { text: string; error: boolean };

const day = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);

const noticeHtml = (notice?: Notice): string =>
	notice
		? `<p ${notice.error ? 'class="error" role="alert"' : 'role="status"'}>${esc(notice.text)}</p>`
		: '';

const hidden = (name: string, value: string): string =>
	`<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

function priceLabel(engine: Engine, price: Stripe.Price): string {
	const product = engine.products.find(String(price.product))?.name ?? price.nickname ?? price.id;
	const amount =
		price.billing_scheme === 'tiered' ? 'usage-based' : money(price.unit_amount, price.currency);
	return `${product} — ${amount} / ${price.recurring?.interval ?? ''}`;
}

/** The plans a subscription may switch to: active recurring prices in its currency. */
function planChoices(engine: Engine, sub: Stripe.Subscription): string {
	const current = sub.items.data[0]?.price.id;
	return [...engine.prices.values()]
		.filter((p) => p.active && p.type === 'recurring' && p.currency === sub.currency)
		.map(
			(p) =>
				`<label style="display:flex;gap:8px;align-items:center"><input type="radio" name="price" value="${esc(p.id)}" style="width:auto" ${p.id === current ? 'checked' : ''}> ${esc(priceLabel(engine, p))}</label>`
		)
		.join('');
}

function statusLine(sub: Stripe.Subscription): string {
	const item = sub.items.data[0];
	if (!item) return `Status: <strong>${esc(sub.status)}</strong>`;
	const when = sub.cancel_at_period_end
		? ` — cancels on ${day(item.current_period_end)}`
		: ` — renews on ${day(item.current_period_end)}`;
	return `Status: <strong>${esc(sub.status)}</strong>${when}`;
}

const cardSection = (engine: Engine, customerId: string, heading: string): string => {
	const customer = engine.customers.find(customerId);
	// The customer's default, else the card a subscription pays with (Checkout sets that one).
	const pmId =
		customer?.invoice_settings.default_payment_method ??
		liveSubscriptions(engine, customerId).find((sub) => sub.default_payment_method)
			?.default_payment_method;
	const pm = pmId ? engine.paymentMethods.find(String(pmId)) : undefined;
	return `<section aria-labelledby="card-heading"><h2 id="card-heading">${esc(heading)}</h2><p>${pm?.card ? `Current card: ${esc(pm.card.brand)} •••• ${esc(pm.card.last4)}` : 'No card on file'}</p>
<form method="post">${CARD_FIELDS}<button type="submit" name="action" value="card">Update card</button></form></section>`;
};

function liveSubscriptions(engine: Engine, customer: string): Stripe.Subscription[] {
	return [...engine.subscriptions.values()].filter(
		(s) => s.customer === customer && s.status !== 'canceled' && s.status !== 'incomplete_expired'
	);
}

function homePage(
	ctx: PageContext,
	session: Stripe.BillingPortal.Session,
	notice?: Notice
): PageResult {
	const { engine } = ctx;
	const customer = engine.customers.find(session.customer);
	const subHtml = liveSubscriptions(engine, session.customer)
		.map((sub) => {
			const current = sub.items.data[0]?.price;
			return `<section aria-label="Subscription ${esc(sub.id)}"><h2>${current ? esc(priceLabel(engine, current)) : 'Plan'}</h2>
<p>${statusLine(sub)}</p>
<form method="post"><fieldset><legend>Change plan</legend>${planChoices(engine, sub)}</fieldset>${hidden('subscription', sub.id)}<button type="submit" name="action" value="switch">Update plan</button></form>
<form method="post">${hidden('subscription', sub.id)}${
				sub.cancel_at_period_end
					? '<button type="submit" name="action" value="renew">Renew plan</button>'
					: '<button class="secondary" type="submit" name="action" value="cancel">Cancel plan</button>'
			}</form></section>`;
		})
		.join('');
	return html(
		'Billing portal',
		`<main><h1>Billing</h1><p class="note">NOBS Pay sandbox customer portal for ${esc(customer?.email ?? session.customer)}.</p>
${noticeHtml(notice)}
${subHtml || '<p>No active subscriptions.</p>'}
${cardSection(engine, session.customer, 'Payment method')}
${session.return_url ? `<p><a href="${esc(session.return_url)}">← Return</a></p>` : ''}</main>`,
		notice?.error ? 400 : 200
	);
}

/** The subscription a flow names, when it is still the session customer's. */
function flowSubscription(
	engine: Engine,
	session: Stripe.BillingPortal.Session,
	flow: Stripe.BillingPortal.Session.Flow
): Stripe.Subscription | undefined {
	const id =
		flow.subscription_update?.subscription ??
		flow.subscription_update_confirm?.subscription ??
		flow.subscription_cancel?.subscription;
	const sub = id ? engine.subscriptions.find(id) : undefined;
	return sub && sub.customer === session.customer ? sub : undefined;
}

function updateSummary(
	engine: Engine,
	sub: Stripe.Subscription,
	flow: Stripe.BillingPortal.Session.Flow
): string {
	const rows = (flow.subscription_update_confirm?.items ?? []).map((change) => {
		const item = sub.items.data.find((each) => each.id === change.id);
		const before = item ? `${priceLabel(engine, item.price)} × ${item.quantity ?? 1}` : change.id;
		const price = change.price ? engine.prices.find(change.price) : item?.price;
		const after = `${price ? priceLabel(engine, price) : ''} × ${change.quantity ?? item?.quantity ?? 1}`;
		return `<tr><td>${esc(before)}</td><td>${esc(after)}</td></tr>`;
	});
	return `<table aria-label="Plan change"><thead><tr><th scope="col">Current</th><th scope="col">New</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function flowPage(
	ctx: PageContext,
	session: Stripe.BillingPortal.Session,
	flow: Stripe.BillingPortal.Session.Flow,
	notice?: Notice
): PageResult {
	const { engine } = ctx;
	const back = session.return_url
		? `<p><a href="${esc(session.return_url)}">← Go back</a></p>`
		: '';
	const page = (title: string, body: string): PageResult =>
		html(
			title,
			`<main><h1>${esc(title)}</h1>${noticeHtml(notice)}${body}${back}</main>`,
			notice?.error ? 400 : 200
		);
	if (flow.type === 'payment_method_update')
		return page('Update payment method', cardSection(engine, session.customer, 'New card'));
	const sub = flowSubscription(engine, session, flow);
	if (!sub) return html('Not found', '<main><h1>Subscription not found</h1></main>', 404);
	const subscription = hidden('subscription', sub.id);
	if (flow.type === 'subscription_update')
		return page(
			'Update your plan',
			`<p>${statusLine(sub)}</p><form method="post"><fieldset><legend>Choose a plan</legend>${planChoices(engine, sub)}</fieldset>${subscription}<button type="submit" name="action" value="switch">Continue</button></form>`
		);
	if (flow.type === 'subscription_update_confirm')
		return page(
			'Confirm your update',
			`${updateSummary(engine, sub, flow)}<form method="post">${subscription}<button type="submit" name="action" value="confirm_update">Confirm</button></form>`
		);
	const end = sub.items.data[0]?.current_period_end;
	const reasons = Object.entries(FEEDBACK_LABELS)
		.map(
			([value, label]) =>
				`<label style="display:flex;gap:8px;align-items:center"><input type="radio" name="feedback" value="${value}" style="width:auto"> ${esc(label)}</label>`
		)
		.join('');
	return page(
		'Cancel your plan',
		`<p>Your plan will be canceled${end ? `, but stays available until the end of your billing period on ${day(end)}` : ''}.</p>
<form method="post"><fieldset><legend>Why are you canceling? (optional)</legend>${reasons}</fieldset>${subscription}<button type="submit" name="action" value="cancel">Cancel plan</button></form>`
	);
}

function findSession(ctx: PageContext): Stripe.BillingPortal.Session | undefined {
	return ctx.engine.portalSessions.find(ctx.path.id as string);
}

/** The flow a session still shows, or `null` once completed (or when it has none). */
const openFlow = (engine: Engine, session: Stripe.BillingPortal.Session) =>
	session.flow && !engine.portalFlowsCompleted.has(session.id) ? session.flow : null;

export function portalPage(ctx: PageContext, notice?: Notice): PageResult {
	const session = findSession(ctx);
	if (!session) return html('Not found', '<main><h1>Portal session not found</h1></main>', 404);
	const flow = openFlow(ctx.engine, session);
	return flow ? flowPage(ctx, session, flow, notice) : homePage(ctx, session, notice);
}

/** Saves a new card as the customer's default, and as the default of subscriptions that name their own. */
function updateCard(
	engine: Engine,
	customer: string,
	input: Extract<PortalForm, { action: 'card' }>
): void {
	const pm = cardFromForm(engine, input);
	attachPaymentMethod(engine, pm, customer);
	callApi(engine, 'POST', `/v1/customers/${customer}`, {
		invoice_settings: { default_payment_method: pm.id }
	});
	for (const sub of liveSubscriptions(engine, customer))
		if (sub.default_payment_method)
			callApi(engine, 'POST', `/v1/subscriptions/${sub.id}`, { default_payment_method: pm.id });
}

/** Applies one form action through the API and says what happened. */
function apply(
	engine: Engine,
	session: Stripe.BillingPortal.Session,
	input: Exclude<PortalForm, { action: 'card' }>,
	flow: Stripe.BillingPortal.Session.Flow | null
): string {
	const sub = engine.subscriptions.find(input.subscription);
	// A portal session may act only on its own customer's subscriptions (and a flow on its own one).
	if (
		!sub ||
		sub.customer !== session.customer ||
		(flow && flowSubscription(engine, session, flow) !== sub)
	)
		throw new Error('Subscription not found.');
	const path = `/v1/subscriptions/${sub.id}`;
	if (input.action === 'switch') {
		callApi(engine, 'POST', path, {
			items: [{ id: sub.items.data[0]?.id ?? '', price: input.price }],
			proration_behavior: 'none'
		});
		return 'Plan updated.';
	}
	if (input.action === 'confirm_update') {
		const items = (flow?.subscription_update_confirm?.items ?? []).map((item) => ({
			id: item.id ?? '',
			...(item.price ? { price: item.price } : {}),
			...(item.quantity !== null && item.quantity !== undefined
				? { quantity: String(item.quantity) }
				: {})
		}));
		callApi(engine, 'POST', path, { items, proration_behavior: 'none' });
		return 'Plan updated.';
	}
	if (input.action === 'cancel') {
		callApi(engine, 'POST', path, {
			cancel_at_period_end: 'true',
			...(input.feedback ? { cancellation_details: { feedback: input.feedback } } : {})
		});
		return 'Your plan will be canceled at the end of the period.';
	}
	callApi(engine, 'POST', path, { cancel_at_period_end: 'false' });
	return 'Your plan will renew.';
}

/** Where a completed flow goes: the merchant's URL, a confirmation page, or the portal homepage. */
function afterFlow(
	ctx: PageContext,
	session: Stripe.BillingPortal.Session,
	flow: Stripe.BillingPortal.Session.Flow,
	done: string
): PageResult {
	ctx.engine.portalFlowsCompleted.add(session.id);
	const after = flow.after_completion;
	if (after.type === 'redirect' && after.redirect) return redirect(after.redirect.return_url);
	if (after.type === 'hosted_confirmation')
		return html(
			'Done',
			`<main><h1>Done</h1><p role="status">${esc(after.hosted_confirmation?.custom_message ?? done)}</p>${session.return_url ? `<p><a href="${esc(session.return_url)}">← Return</a></p>` : ''}</main>`
		);
	return homePage(ctx, session, { text: done, error: false });
}

export function portalSubmit(ctx: PageContext): PageResult {
	const session = findSession(ctx);
	if (!session) return html('Not found', '<main><h1>Portal session not found</h1></main>', 404);
	const parsed = portalForm.safeParse(ctx.form);
	if (!parsed.success)
		return portalPage(ctx, { text: 'That request was not understood.', error: true });
	const input = parsed.data;
	const flow = openFlow(ctx.engine, session);
	if (flow && FLOW_ACTION[flow.type] !== input.action)
		return portalPage(ctx, { text: 'This page cannot do that.', error: true });
	let done: string;
	try {
		if (input.action === 'card') {
			updateCard(ctx.engine, session.customer, input);
			done = 'Card updated.';
		} else done = apply(ctx.engine, session, input, flow);
	} catch (error) {
		return portalPage(ctx, {
			text: error instanceof Error ? error.message : 'Something went wrong.',
			error: true
		});
	}
	return flow
		? afterFlow(ctx, session, flow, done)
		: homePage(ctx, session, { text: done, error: false });
}
