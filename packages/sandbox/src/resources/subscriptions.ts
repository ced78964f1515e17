import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { DAY, addInterval } from '../state/calendar.js';
import { newId } from '../state/store.js';
import { mergeMetadata } from '../state/updates.js';
import { invalidRequest, StripeApiError } from '../wire/errors.js';
import {
	bool,
	createdFilter,
	expand,
	int,
	listParams,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { inPeriod, type ProrationWindow } from '../state/proration.js';
import { retryWithNewPaymentMethod, runDueRetries } from './dunning.js';
import { buildInvoiceItem, createInvoiceItem, pendingInvoiceItems } from './invoice-items.js';
import {
	defaultPaymentMethod,
	draftSubscriptionInvoice,
	followInvoicePayments,
	invoiceSubscription
} from './invoices.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';
import {
	buildItem,
	changeItems,
	changesInterval,
	prorationItems,
	type ItemChange
} from './subscription-items.js';
import { retrieveRoute } from './retrieve.js';

export const itemInput = z
	.object({
		id: str(255).optional(),
		price: str(255).optional(),
		quantity: int({ min: 0, max: 1_000_000 }).optional(),
		deleted: bool.optional(),
		metadata: metadata.optional()
	})
	.strict();

/** Why a customer cancels, in Stripe's words (the portal asks for it). */
export const cancellationFeedback = z.enum([
	'customer_service',
	'low_quality',
	'missing_features',
	'other',
	'switched_service',
	'too_complex',
	'too_expensive',
	'unused'
]);

const createSchema = z
	.object({
		customer: str(255),
		items: z.array(itemInput).min(1).max(20),
		default_payment_method: str(255).optional(),
		trial_period_days: int({ min: 0, max: 730 }).optional(),
		trial_end: z.union([z.literal('now'), int({ min: 0 })]).optional(),
		cancel_at_period_end: bool.optional(),
		cancel_at: int({ min: 0 }).optional(),
		metadata: metadata.optional(),
		description: str(500).optional(),
		payment_behavior: z
			.enum([
				'allow_incomplete',
				'default_incomplete',
				'error_if_incomplete',
				'pending_if_incomplete'
			])
			.optional(),
		proration_behavior: z.enum(['always_invoice', 'create_prorations', 'none']).optional(),
		collection_method: z.literal('charge_automatically').optional(),
		off_session: bool.optional(),
		payment_settings: z.record(z.string(), z.unknown()).optional(),
		automatic_tax: z.record(z.string(), z.unknown()).optional(),
		trial_settings: z
			.object({
				end_behavior: z
					.object({ missing_payment_method: z.enum(['cancel', 'create_invoice', 'pause']) })
					.strict()
			})
			.strict()
			.optional(),
		expand
	})
	.strict();

export const prorationBehavior = z.enum(['always_invoice', 'create_prorations', 'none']);

const updateSchema = createSchema
	.omit({ customer: true, items: true, trial_period_days: true })
	.extend({
		items: z.array(itemInput).max(20).optional(),
		cancel_at: z.union([int({ min: 0 }), z.literal('')]).optional(),
		cancellation_details: z
			.object({ comment: str(5000).optional(), feedback: cancellationFeedback.optional() })
			.strict()
			.optional(),
		proration_date: int({ min: 0 }).optional(),
		pause_collection: z
			.union([
				z.literal(''),
				z
					.object({
						behavior: z.enum(['keep_as_draft', 'mark_uncollectible', 'void']),
						resumes_at: int({ min: 0 }).optional()
					})
					.strict()
			])
			.optional()
	})
	.strict();

const resumeSchema = z
	.object({
		billing_cycle_anchor: z
			.object({ type: z.enum(['now', 'unchanged']) })
			.strict()
			.optional(),
		payment_behavior: z.enum(['resume_on_payment_attempt', 'resume_on_payment_success']).optional(),
		proration_behavior: prorationBehavior.optional(),
		proration_date: int({ min: 0 }).optional(),
		expand
	})
	.strict();

const cancelSchema = z
	.object({
		invoice_now: bool.optional(),
		prorate: bool.optional(),
		cancellation_details: z
			.object({ comment: str(5000).optional(), feedback: str(50).optional() })
			.strict()
			.optional(),
		expand
	})
	.strict();

export function priceFor(engine: Engine, priceId: string, param: string): Stripe.Price {
	const price = engine.prices.get(priceId, param);
	if (!price.recurring)
		throw invalidRequest(
			`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
			{ param }
		);
	if (!price.active)
		throw invalidRequest(
			`The price specified is inactive. This field only accepts active prices.`,
			{ param }
		);
	return price;
}

const firstItem = (sub: Stripe.Subscription): Stripe.SubscriptionItem =>
	sub.items.data[0] as Stripe.SubscriptionItem;
const customerId = (sub: Stripe.Subscription): string =>
	typeof sub.customer === 'string' ? sub.customer : sub.customer.id;

/** Snapshot of the fields whose change `customer.subscription.updated` reports. */
function snapshot(sub: Stripe.Subscription): Record<string, unknown> {
	return JSON.parse(
		JSON.stringify({
			status: sub.status,
			items: sub.items,
			cancel_at_period_end: sub.cancel_at_period_end,
			cancel_at: sub.cancel_at,
			canceled_at: sub.canceled_at,
			cancellation_details: sub.cancellation_details,
			billing_cycle_anchor: sub.billing_cycle_anchor,
			pause_collection: sub.pause_collection,
			trial_settings: sub.trial_settings,
			latest_invoice: sub.latest_invoice,
			trial_end: sub.trial_end,
			default_payment_method: sub.default_payment_method,
			metadata: sub.metadata
		})
	) as Record<string, unknown>;
}

function changed(
	before: Record<string, unknown>,
	after: Record<string, unknown>
): Record<string, unknown> | undefined {
	const diff: Record<string, unknown> = {};
	for (const key of Object.keys(before))
		if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = before[key];
	return Object.keys(diff).length > 0 ? diff : undefined;
}

function updated(engine: Engine, sub: Stripe.Subscription, before: Record<string, unknown>): void {
	const diff = changed(before, snapshot(sub));
	if (diff) engine.emit('customer.subscription.updated', sub, diff);
}

/** Follows the invoice's PaymentIntent wherever it is confirmed (API, Stripe.js, challenge page). */
export function registerSubscriptionHooks(engine: Engine): void {
	followInvoicePayments(engine, (invoice, outcome) => {
		const subId = invoice.parent?.subscription_details?.subscription;
		const sub = subId ? engine.subscriptions.find(String(subId)) : undefined;
		// Whoever is deciding the subscription's status right now (creation, renewal) settles it.
		if (!sub || engine.settlingSubscriptions.has(sub.id)) return;
		const before = snapshot(sub);
		if (
			outcome === 'paid' &&
			(sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid')
		)
			sub.status = 'active';
		if (outcome === 'failed' && sub.status === 'active') sub.status = 'past_due';
		updated(engine, sub, before);
	});
	engine.clock.onAdvance((now) => renewAll(engine, now, null));
	engine.clockAdvancers.push((_, clockId, to) => renewAll(engine, to, clockId));
}

function cancelNow(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Subscription.CancellationDetails.Reason
): void {
	sub.status = 'canceled';
	sub.canceled_at = sub.canceled_at ?? engine.now();
	sub.ended_at = engine.now();
	sub.cancellation_details = {
		comment: sub.cancellation_details?.comment ?? null,
		feedback: sub.cancellation_details?.feedback ?? null,
		feedback_option: null,
		reason
	};
	engine.emit('customer.subscription.deleted', sub);
}

/** The end of the period that starts at `start`, counted from the anchor so month ends do not drift. */
function nextPeriodEnd(sub: Stripe.Subscription, start: number): number {
	const recurring = firstItem(sub).price.recurring as Stripe.Price.Recurring;
	for (let k = 1; k < 100_000; k++) {
		const end = addInterval(
			sub.billing_cycle_anchor,
			recurring.interval,
			recurring.interval_count * k
		);
		if (end > start) return end;
	}
	return addInterval(start, recurring.interval, recurring.interval_count);
}

/** The start of the period (counted from the anchor) that contains `time`. */
function periodStartAt(sub: Stripe.Subscription, time: number): number {
	let start = sub.billing_cycle_anchor;
	for (let end = nextPeriodEnd(sub, start); end <= time; end = nextPeriodEnd(sub, start))
		start = end;
	return start;
}

/** Statuses in which a subscription still moves through periods. */
const moving = (sub: Stripe.Subscription): boolean =>
	sub.status !== 'canceled' && sub.status !== 'incomplete_expired' && sub.status !== 'paused';

/**
 * Moves every live subscription of one clock (`null`: the sandbox clock) through the periods that
 * ended before `now`. On a test clock each step happens at its own time (the trial warning, a
 * collection pause ending, the trial end, the renewal), so events and invoices carry the times
 * Stripe gives them.
 */
function renewAll(engine: Engine, now: number, clockId: string | null): void {
	const at = (time: number) => (clockId === null ? null : Math.min(time, now));
	for (const sub of engine.subscriptions.values()) {
		if ((sub.test_clock ?? null) !== clockId) continue;
		if (sub.status === 'incomplete') {
			// Stripe gives up on a first invoice after 23 hours.
			if (now - sub.created > 23 * 3600)
				engine.atTime(at(sub.created + 23 * 3600), () => {
					const before = snapshot(sub);
					sub.status = 'incomplete_expired';
					updated(engine, sub, before);
				});
			continue;
		}
		for (let guard = 0; guard < 1000 && moving(sub); guard++) {
			const item = firstItem(sub);
			if (sub.status === 'trialing' && sub.trial_end !== null) {
				const warnAt = sub.trial_end - 3 * DAY;
				if (now >= warnAt && !engine.trialWarned.has(sub.id)) {
					engine.trialWarned.add(sub.id);
					engine.atTime(at(warnAt), () => engine.emit('customer.subscription.trial_will_end', sub));
				}
			}
			const resumesAt = sub.pause_collection?.resumes_at ?? null;
			if (resumesAt !== null && resumesAt <= now && resumesAt <= item.current_period_end) {
				engine.atTime(at(resumesAt), () => {
					const before = snapshot(sub);
					sub.pause_collection = null;
					updated(engine, sub, before);
				});
				continue;
			}
			const cancelAt = sub.cancel_at;
			runDueRetries(engine, sub, Math.min(now, item.current_period_end, cancelAt ?? now), at, () =>
				cancelNow(engine, sub, 'payment_failed')
			);
			if (sub.status === 'canceled') break;
			if (item.current_period_end > now && (cancelAt === null || cancelAt > now)) break;
			if (cancelAt !== null && cancelAt <= item.current_period_end) {
				engine.atTime(at(cancelAt), () => cancelNow(engine, sub, 'cancellation_requested'));
				break;
			}
			const start = item.current_period_end;
			engine.atTime(at(start), () => renewOnce(engine, sub, start));
		}
	}
}

/** Moves every item to a new period. */
function setPeriod(sub: Stripe.Subscription, start: number, end: number): void {
	for (const each of sub.items.data) {
		each.current_period_start = start;
		each.current_period_end = end;
	}
}

/**
 * Issues an invoice while the caller decides the subscription's status: a collection that fails
 * leaves the invoice open and makes the subscription `past_due`.
 */
function issueInvoice(
	engine: Engine,
	sub: Stripe.Subscription,
	reason: Stripe.Invoice.BillingReason,
	periodLines = true
): Stripe.Invoice {
	engine.settlingSubscriptions.add(sub.id);
	try {
		const invoice = invoiceSubscription(engine, sub, reason, true, true, periodLines);
		if (invoice.status === 'open' && sub.status !== 'canceled') sub.status = 'past_due';
		return invoice;
	} finally {
		engine.settlingSubscriptions.delete(sub.id);
	}
}

/**
 * At a trial end without a payment method, `trial_settings.end_behavior.missing_payment_method`
 * decides: `cancel` ends the subscription, `pause` pauses it, `create_invoice` (the default)
 * invoices as usual (and the unpaid invoice makes it `past_due`). Says whether it stopped here.
 */
function endTrialWithoutPaymentMethod(engine: Engine, sub: Stripe.Subscription): boolean {
	if (sub.status !== 'trialing' || defaultPaymentMethod(engine, sub) !== null) return false;
	const behavior = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
	if (behavior === 'cancel') {
		cancelNow(engine, sub, 'cancellation_requested');
		return true;
	}
	if (behavior === 'pause') {
		const before = snapshot(sub);
		sub.status = 'paused';
		updated(engine, sub, before);
		engine.emit('customer.subscription.paused', sub);
		return true;
	}
	return false;
}

/**
 * One renewal, in Stripe's order: the subscription moves to its new period (and out of its trial)
 * and says so, then the period's invoice is created and collected; a failed collection makes it
 * `past_due` with a second `customer.subscription.updated`. A subscription set to cancel at the
 * period end is canceled instead.
 */
function renewOnce(engine: Engine, sub: Stripe.Subscription, start: number): void {
	if (sub.cancel_at_period_end) return cancelNow(engine, sub, 'cancellation_requested');
	if (endTrialWithoutPaymentMethod(engine, sub)) return;
	const before = snapshot(sub);
	setPeriod(sub, start, nextPeriodEnd(sub, start));
	if (sub.status === 'trialing') sub.status = 'active';
	updated(engine, sub, before);
	const beforeInvoice = snapshot(sub);
	issueInvoice(engine, sub, 'subscription_cycle');
	updated(engine, sub, beforeInvoice);
}

/** The time a change is prorated from: `proration_date` (within the current period) or now. */
function prorationWindow(
	engine: Engine,
	sub: Stripe.Subscription,
	prorationDate: number | undefined
): ProrationWindow {
	const item = firstItem(sub);
	const period = { periodStart: item.current_period_start, periodEnd: item.current_period_end };
	if (prorationDate !== undefined && !inPeriod(prorationDate, period))
		throw invalidRequest(
			'The proration_date must be within the current billing period of the subscription.',
			{ param: 'proration_date' }
		);
	return { at: prorationDate ?? engine.now(), ...period };
}

/** What an item change bills, and when: nothing, pending prorations, or an invoice now. */
export interface ChangeBilling {
	prorations: ReturnType<typeof prorationItems>;
	/** The billing cycle restarts now (an interval change): the new period is invoiced at once. */
	restart: boolean;
	/** Invoice the prorations now (`always_invoice`) rather than on the next invoice. */
	invoiceNow: boolean;
}

/**
 * Stripe's billing of an item change. A trial bills nothing. A new interval restarts the cycle:
 * the unused time is credited and the new period invoiced at once. Otherwise `create_prorations`
 * leaves proration items for the next invoice, `always_invoice` invoices them now, `none` bills
 * nothing until the renewal.
 */
export function billChange(
	engine: Engine,
	sub: Stripe.Subscription,
	changes: ItemChange[],
	behavior: z.infer<typeof prorationBehavior>,
	window: ProrationWindow
): ChangeBilling {
	if (sub.status === 'trialing' || changes.length === 0)
		return { prorations: [], restart: false, invoiceNow: false };
	const restart = changes.some(changesInterval);
	const prorations =
		behavior === 'none' ? [] : prorationItems(engine, sub, changes, window, restart);
	return { prorations, restart, invoiceNow: restart || behavior === 'always_invoice' };
}

/** A restarted cycle: a new period from `at`, anchored there. */
export function restartCycle(sub: Stripe.Subscription, at: number): void {
	const recurring = firstItem(sub).price.recurring as Stripe.Price.Recurring;
	sub.billing_cycle_anchor = at;
	setPeriod(sub, at, addInterval(at, recurring.interval, recurring.interval_count));
}

/** All prices on a subscription share one currency and one billing interval. */
function checkSameCycle(prices: Stripe.Price[], param: (i: number) => string): void {
	const first = prices[0] as Stripe.Price;
	for (const [i, price] of prices.entries())
		if (
			price.currency !== first.currency ||
			price.recurring?.interval !== first.recurring?.interval ||
			price.recurring?.interval_count !== first.recurring?.interval_count
		)
			throw invalidRequest(
				'All prices on a subscription must have the same `recurring.interval`, `recurring.interval_count` and currency.',
				{ param: param(i) }
			);
}

function buildSubscription(
	engine: Engine,
	input: z.infer<typeof createSchema>
): Stripe.Subscription {
	const customer = engine.customers.get(input.customer, 'customer');
	const prices = input.items.map((item, i) => {
		if (!item.price)
			throw invalidRequest('Missing required param: items[0][price].', {
				code: 'parameter_missing',
				param: `items[${i}][price]`
			});
		return priceFor(engine, item.price, `items[${i}][price]`);
	});
	const first = prices[0] as Stripe.Price;
	checkSameCycle(prices, (i) => `items[${i}][price]`);
	const now = engine.now();
	const trialDays = input.trial_period_days ?? first.recurring?.trial_period_days ?? undefined;
	const trialEnd =
		input.trial_end === 'now'
			? null
			: (input.trial_end ?? (trialDays ? now + trialDays * DAY : null));
	const recurring = first.recurring as Stripe.Price.Recurring;
	const periodEnd = trialEnd ?? addInterval(now, recurring.interval, recurring.interval_count);
	const id = newId('sub_');
	let defaultPm: string | null = null;
	if (input.default_payment_method) {
		const pm = resolvePaymentMethod(engine, input.default_payment_method, 'default_payment_method');
		attachPaymentMethod(engine, pm, customer.id);
		defaultPm = pm.id;
	}
	const items = prices.map((price, i) =>
		buildItem(engine, id, price, input.items[i]?.quantity ?? 1, now, periodEnd)
	);
	const sub: Stripe.Subscription = {
		id,
		object: 'subscription',
		application: null,
		application_fee_percent: null,
		automatic_tax: { disabled_reason: null, enabled: false, liability: null },
		// Periods count from here: the trial end, or the start (Stripe's default anchor).
		billing_cycle_anchor: trialEnd ?? now,
		billing_cycle_anchor_config: null,
		billing_mode: { flexible: null, type: 'classic' },
		billing_schedules: [],
		billing_thresholds: null,
		cancel_at: input.cancel_at ?? null,
		cancel_at_period_end: input.cancel_at_period_end ?? false,
		canceled_at: null,
		cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
		collection_method: 'charge_automatically',
		created: now,
		currency: first.currency,
		customer: customer.id,
		customer_account: null,
		days_until_due: null,
		default_payment_method: defaultPm,
		default_source: null,
		default_tax_rates: [],
		description: input.description ?? null,
		discounts: [],
		ended_at: null,
		invoice_settings: {
			account_tax_ids: null,
			custom_fields: null,
			description: null,
			footer: null,
			issuer: { type: 'self' }
		},
		items: {
			object: 'list',
			data: items,
			has_more: false,
			url: `/v1/subscription_items?subscription=${id}`
		},
		latest_invoice: null,
		livemode: false,
		managed_payments: null,
		metadata: input.metadata ?? {},
		next_pending_invoice_item_invoice: null,
		on_behalf_of: null,
		pause_collection: null,
		payment_settings: {
			payment_method_options: null,
			payment_method_types: null,
			save_default_payment_method: 'off'
		},
		pending_invoice_item_interval: null,
		pending_setup_intent: null,
		pending_update: null,
		schedule: null,
		start_date: now,
		status: trialEnd ? 'trialing' : 'incomplete',
		test_clock: customer.test_clock ?? null,
		transfer_data: null,
		trial_end: trialEnd,
		trial_settings: {
			end_behavior: {
				billing_cycle_anchor: null,
				missing_payment_method:
					input.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice'
			}
		},
		trial_start: trialEnd ? now : null
	};
	return sub;
}

function createSubscription(
	engine: Engine,
	input: z.infer<typeof createSchema>
): Stripe.Subscription {
	const sub = buildSubscription(engine, input);
	const behavior = input.payment_behavior ?? 'allow_incomplete';
	engine.subscriptions.insert(sub);
	// Stripe announces the subscription before its first invoice.
	engine.emit('customer.subscription.created', sub);
	const before = snapshot(sub);
	const trialing = sub.status === 'trialing';
	engine.settlingSubscriptions.add(sub.id);
	const invoice = invoiceSubscription(
		engine,
		sub,
		'subscription_create',
		input.off_session === true,
		behavior !== 'default_incomplete'
	);
	engine.settlingSubscriptions.delete(sub.id);
	if (!trialing && invoice.status === 'paid') sub.status = 'active';
	if (!trialing && invoice.status !== 'paid' && behavior === 'error_if_incomplete') {
		const pi = engine.paymentIntents.find(
			String(invoice.payments?.data[0]?.payment.payment_intent)
		);
		throw new StripeApiError(402, {
			type: 'card_error',
			code: pi?.last_payment_error?.code ?? 'card_declined',
			message: pi?.last_payment_error?.message ?? 'Your card was declined.',
			...(pi?.last_payment_error?.decline_code
				? { decline_code: pi.last_payment_error.decline_code }
				: {})
		});
	}
	updated(engine, sub, before);
	return sub;
}

export { createSubscription };

/** `subscription_details` of `invoices.createPreview`: the change to preview. */
export const previewDetailsSchema = z
	.object({
		items: z.array(itemInput).max(20).optional(),
		proration_behavior: prorationBehavior.optional(),
		proration_date: int({ min: 0 }).optional(),
		cancel_at_period_end: bool.optional()
	})
	.strict();

const noUpcoming = (sub: Stripe.Subscription) =>
	invalidRequest(`No upcoming invoices for subscription: ${sub.id}`, {
		code: 'invoice_upcoming_none'
	});

/**
 * The invoice a change would bring, computed on a copy of the subscription (nothing is stored or
 * announced): the invoice issued at once when the change is invoiced now (`always_invoice`, a new
 * interval), otherwise the next renewal with the change's prorations and the new prices.
 */
export function previewSubscriptionInvoice(
	engine: Engine,
	sub: Stripe.Subscription,
	details: z.infer<typeof previewDetailsSchema>
): Stripe.Invoice {
	if (!moving(sub)) throw noUpcoming(sub);
	const copy = structuredClone(sub);
	const window = prorationWindow(engine, copy, details.proration_date);
	const changes = details.items
		? changeItems(
				engine,
				copy,
				details.items,
				(price, param) => priceFor(engine, price, param),
				false
			)
		: [];
	checkSameCycle(
		copy.items.data.map((item) => item.price),
		(i) => `subscription_details[items][${i}][price]`
	);
	if (details.cancel_at_period_end !== undefined)
		copy.cancel_at_period_end = details.cancel_at_period_end;
	const billing = billChange(
		engine,
		copy,
		changes,
		details.proration_behavior ?? 'create_prorations',
		window
	);
	const pending = [
		...pendingInvoiceItems(engine, customerId(sub), sub.id),
		...billing.prorations.map((proration) => buildInvoiceItem(engine, proration))
	];
	const id = `upcoming_${newId('in_')}`;
	let preview: Stripe.Invoice;
	if (billing.invoiceNow) {
		if (billing.restart) restartCycle(copy, window.at);
		preview = draftSubscriptionInvoice(engine, copy, 'subscription_update', {
			periodLines: billing.restart,
			pending,
			id,
			preview: true
		});
	} else {
		const start = firstItem(copy).current_period_end;
		const cancelAt = copy.cancel_at_period_end ? start : copy.cancel_at;
		if (cancelAt !== null && cancelAt <= start) throw noUpcoming(sub);
		preview = draftSubscriptionInvoice(engine, copy, 'subscription_cycle', {
			periodLines: true,
			period: { start, end: nextPeriodEnd(copy, start) },
			trial: false,
			pending,
			id,
			preview: true
		});
		preview.next_payment_attempt = start;
	}
	// A preview is a draft nobody is told about.
	preview.webhooks_delivered_at = null;
	return preview;
}

const listSchema = z
	.object({
		...listParams,
		created: createdFilter.optional(),
		collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(),
		plan: str(255).optional(),
		test_clock: str(255).optional(),
		customer: str(255).optional(),
		price: str(255).optional(),
		status: z
			.enum([
				'active',
				'all',
				'canceled',
				'ended',
				'incomplete',
				'incomplete_expired',
				'past_due',
				'paused',
				'trialing',
				'unpaid'
			])
			.optional()
	})
	.strict();

/**
 * Runs a handler in the time of the test clock its subscription's customer is on, so what the call
 * creates (invoices, events, periods) carries the clock's time.
 */
function onClock(handler: Route['handler']): Route['handler'] {
	return (ctx) => {
		const customer =
			typeof ctx.params.customer === 'string'
				? ctx.params.customer
				: ctx.engine.subscriptions.find(ctx.path.id ?? '')?.customer;
		return ctx.engine.atTime(ctx.engine.clockTimeOf(customer ? String(customer) : null), () =>
			handler(ctx)
		);
	};
}

export const subscriptionRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/subscriptions',
		handler: onClock(({ engine, params }) => {
			const input = parseParams(createSchema, params);
			return engine.expand(createSubscription(engine, input), input.expand);
		})
	},
	retrieveRoute('/v1/subscriptions/:id', (engine) => engine.subscriptions),
	{
		method: 'POST',
		path: '/v1/subscriptions/:id',
		handler: onClock(({ engine, path, params }) => {
			const input = parseParams(updateSchema, params);
			const sub = engine.subscriptions.get(path.id as string);
			if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
				throw invalidRequest(
					`A canceled subscription can only update its cancellation_details and metadata.`
				);
			const before = snapshot(sub);
			const window = prorationWindow(engine, sub, input.proration_date);
			let billing: ChangeBilling | undefined;
			if (input.items) {
				const changes = changeItems(
					engine,
					sub,
					input.items,
					(price, param) => priceFor(engine, price, param),
					true
				);
				checkSameCycle(
					sub.items.data.map((item) => item.price),
					(i) => `items[${i}][price]`
				);
				billing = billChange(
					engine,
					sub,
					changes,
					input.proration_behavior ?? 'create_prorations',
					window
				);
			}
			if (input.cancel_at_period_end !== undefined) {
				// Stripe shows the scheduled cancellation as `cancel_at`, the period end.
				sub.cancel_at_period_end = input.cancel_at_period_end;
				sub.cancel_at = input.cancel_at_period_end ? firstItem(sub).current_period_end : null;
			}
			if (input.cancel_at !== undefined)
				sub.cancel_at = input.cancel_at === '' ? null : input.cancel_at;
			if (input.cancel_at_period_end !== undefined || input.cancel_at !== undefined) {
				const canceling = sub.cancel_at !== null;
				sub.canceled_at = canceling ? engine.now() : null;
				sub.cancellation_details = {
					comment: canceling ? (input.cancellation_details?.comment ?? null) : null,
					feedback: canceling ? (input.cancellation_details?.feedback ?? null) : null,
					feedback_option: null,
					reason: canceling ? 'cancellation_requested' : null
				};
			}
			if (input.metadata) sub.metadata = mergeMetadata(sub.metadata, input.metadata);
			if (input.description !== undefined) sub.description = input.description || null;
			if (input.default_payment_method) {
				const pm = resolvePaymentMethod(
					engine,
					input.default_payment_method,
					'default_payment_method'
				);
				attachPaymentMethod(engine, pm, customerId(sub));
				sub.default_payment_method = pm.id;
			}
			if (input.pause_collection !== undefined)
				sub.pause_collection =
					input.pause_collection === ''
						? null
						: {
								behavior: input.pause_collection.behavior,
								resumes_at: input.pause_collection.resumes_at ?? null
							};
			if (input.trial_settings)
				sub.trial_settings = {
					end_behavior: {
						billing_cycle_anchor: null,
						missing_payment_method: input.trial_settings.end_behavior.missing_payment_method
					}
				};
			if (input.trial_end === 'now' && sub.status === 'trialing') {
				sub.trial_end = engine.now();
				sub.status = 'active';
				restartCycle(sub, engine.now());
				issueInvoice(engine, sub, 'subscription_update');
			} else if (billing) {
				for (const proration of billing.prorations) createInvoiceItem(engine, proration);
				if (billing.restart) restartCycle(sub, window.at);
				if (billing.invoiceNow) issueInvoice(engine, sub, 'subscription_update', billing.restart);
			}
			updated(engine, sub, before);
			if (input.default_payment_method) retryWithNewPaymentMethod(engine, customerId(sub), sub.id);
			return engine.expand(sub, input.expand);
		})
	},
	{
		method: 'POST',
		path: '/v1/subscriptions/:id/resume',
		handler: onClock(({ engine, path, params }) => {
			const input = parseParams(resumeSchema, params);
			const sub = engine.subscriptions.get(path.id as string);
			if (sub.status !== 'paused')
				throw invalidRequest('Only a paused subscription can be resumed.', {
					code: 'subscription_not_paused'
				});
			const before = snapshot(sub);
			sub.status = 'active';
			if ((input.billing_cycle_anchor?.type ?? 'now') === 'now') {
				// A new cycle from now, invoiced in full.
				restartCycle(sub, engine.now());
				issueInvoice(engine, sub, 'subscription_update');
			} else {
				// The cycle keeps its anchor: the rest of the current period is prorated.
				const start = periodStartAt(sub, engine.now());
				setPeriod(sub, start, nextPeriodEnd(sub, start));
				const window = prorationWindow(engine, sub, input.proration_date);
				const behavior = input.proration_behavior ?? 'create_prorations';
				if (behavior !== 'none') {
					const changes = sub.items.data.map((item) => ({
						itemId: item.id,
						before: null,
						after: { price: item.price, quantity: item.quantity ?? 1 }
					}));
					for (const proration of prorationItems(engine, sub, changes, window))
						createInvoiceItem(engine, proration);
					if (behavior === 'always_invoice')
						issueInvoice(engine, sub, 'subscription_update', false);
				}
			}
			// `resume_on_payment_success`: an unpaid resumption invoice leaves it paused.
			if (sub.status === 'past_due' && input.payment_behavior === 'resume_on_payment_success') {
				sub.status = 'paused';
				updated(engine, sub, before);
				return engine.expand(sub, input.expand);
			}
			updated(engine, sub, before);
			engine.emit('customer.subscription.resumed', sub);
			return engine.expand(sub, input.expand);
		})
	},
	{
		method: 'DELETE',
		path: '/v1/subscriptions/:id',
		handler: onClock(({ engine, path, params }) => {
			const input = parseParams(cancelSchema, params);
			const sub = engine.subscriptions.get(path.id as string);
			if (sub.status === 'canceled')
				throw invalidRequest(`No such subscription: '${sub.id}'`, {
					code: 'resource_missing',
					param: 'id'
				});
			if (input.cancellation_details?.comment)
				sub.cancellation_details = {
					comment: input.cancellation_details.comment,
					feedback: null,
					feedback_option: null,
					reason: null
				};
			// `prorate` credits the unused time of the period; `invoice_now` bills what is pending.
			if (input.prorate && sub.status !== 'trialing') {
				const changes = sub.items.data.map((item) => ({
					itemId: item.id,
					before: { price: item.price, quantity: item.quantity ?? 1 },
					after: null
				}));
				const window = prorationWindow(engine, sub, undefined);
				for (const proration of prorationItems(engine, sub, changes, window))
					createInvoiceItem(engine, proration);
			}
			cancelNow(engine, sub, 'cancellation_requested');
			if (input.invoice_now && pendingInvoiceItems(engine, customerId(sub), sub.id).length > 0)
				issueInvoice(engine, sub, 'subscription_update', false);
			return engine.expand(sub, input.expand);
		})
	},
	{
		method: 'GET',
		path: '/v1/subscriptions',
		handler: ({ engine, params }) => {
			const input = parseParams(listSchema, params);
			const status = input.status;
			return engine.expand(
				engine.subscriptions.list(
					input,
					(sub) =>
						(!input.customer || sub.customer === input.customer) &&
						(!input.price || sub.items.data.some((item) => item.price.id === input.price)) &&
						(!input.plan || sub.items.data.some((item) => item.plan.id === input.plan)) &&
						(!input.test_clock || sub.test_clock === input.test_clock) &&
						(!input.collection_method || sub.collection_method === input.collection_method) &&
						(status === 'all' ||
							(status === 'ended'
								? ['canceled', 'incomplete_expired'].includes(sub.status)
								: status
									? sub.status === status
									: sub.status !== 'canceled'))
				),
				input.expand
			);
		}
	}
];
