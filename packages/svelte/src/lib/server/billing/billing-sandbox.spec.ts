// The billing helpers against the sandbox through the official SDK: plan changes on a test clock
// with prorations checked by hand, cancel and resume, one trial per customer, the projection fed
// by signed webhooks with one lost, and usage reaching meter events exactly once.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { memoryInbox } from '../inbox.js';
import { createWebhookHandler } from '../webhook-handler.js';
import { memoryCustomerStore, memorySubscriptionStore, memoryUsageStore } from './memory-stores.js';
import {
	cancelSubscription,
	changePlan,
	PREVIEW_VALID_SECONDS,
	previewPlanChange,
	resumeSubscription,
	trialDays,
	type PlanChangePreview
} from './plan-changes.js';
import { createPlanHandler } from './plan-handler.js';
import { reconcile, subscriptionWebhookHandlers, syncSubscription } from './subscriptions.js';
import type { UsageStore } from './stores.js';
import { flushUsage, recordUsage } from './usage.js';
import { subscribedCustomer, useSandbox } from './test/sandbox.js';
import { signedDelivery } from './test/webhooks.js';

const sandbox = useSandbox();
const DAY = 86_400;

/** 2027-01-01T00:00:00Z; a monthly period from it ends on 2027-02-01, 31 days later. */
const JAN_1 = 1_798_761_600;
const FEB_1 = 1_801_440_000;

/** Moves a test clock and waits until Stripe has run everything due (advancing is asynchronous). */
async function advance(stripe: Stripe, clock: string, to: number): Promise<void> {
	await stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });
	await vi.waitFor(
		async () => {
			expect((await stripe.testHelpers.testClocks.retrieve(clock)).status).toBe('ready');
		},
		{ timeout: 10_000, interval: 50 }
	);
}

/** A customer on a test clock frozen at Jan 1, subscribed to Pro ($19) with Team ($49) on offer. */
async function clockedCustomer(stripe: Stripe) {
	const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
	const customer = await stripe.customers.create({
		test_clock: clock.id,
		payment_method: 'pm_card_visa',
		invoice_settings: { default_payment_method: 'pm_card_visa' }
	});
	const price = (name: string, unit_amount: number) =>
		stripe.prices.create({
			currency: 'usd',
			unit_amount,
			recurring: { interval: 'month' },
			product_data: { name }
		});
	const [pro, team] = await Promise.all([price('Pro', 1900), price('Team', 4900)]);
	const subscription = await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: pro.id }]
	});
	return { clock: clock.id, customer, pro, team, subscription };
}

describe('plan changes on a test clock', () => {
	it('previews an upgrade prorated to the second, then charges exactly that', async () => {
		const { stripe } = sandbox;
		const { clock, subscription, team } = await clockedCustomer(stripe);
		expect(subscription.items.data[0]?.current_period_end).toBe(FEB_1);
		// 10 days, 3 h, 17 min and 5 s into the 31-day period.
		const at = JAN_1 + 10 * DAY + 3 * 3_600 + 17 * 60 + 5;
		await advance(stripe, clock, at);

		const preview = await previewPlanChange({
			stripe,
			subscription: subscription.id,
			price: team.id,
			prorationDate: at
		});
		// 1,802,575 of 2,678,400 seconds are left. Credit for unused Pro: round(1900 × left / period)
		// = round(1278.71) = 1279; remaining Team: round(4900 × left / period) = round(3297.72) = 3298.
		expect(preview).toEqual({
			today: { amount: 3298 - 1279, currency: 'usd' },
			then: { amount: 4900, currency: 'usd' },
			interval: 'month',
			prorationDate: at
		});

		const updated = await changePlan({
			stripe,
			subscription: subscription.id,
			price: team.id,
			prorationDate: preview.prorationDate
		});
		expect(updated.status).toBe('active');
		expect(updated.items.data[0]?.price.id).toBe(team.id);
		// The period is kept: only the difference was invoiced, and paid, at once.
		expect(updated.items.data[0]?.current_period_end).toBe(FEB_1);
		const invoice = await stripe.invoices.retrieve(String(updated.latest_invoice));
		expect(invoice).toMatchObject({
			status: 'paid',
			amount_paid: 2019,
			billing_reason: 'subscription_update'
		});
	});

	it('prorates at the clock’s time when no proration date is given', async () => {
		const { stripe } = sandbox;
		const { clock, subscription, team } = await clockedCustomer(stripe);
		const at = JAN_1 + 20 * DAY;
		await advance(stripe, clock, at);

		const preview = await previewPlanChange({
			stripe,
			subscription: subscription.id,
			price: team.id
		});
		// 11 of 31 days left: round(4900 × 11 / 31) − round(1900 × 11 / 31) = 1739 − 674.
		expect(preview.prorationDate).toBe(at);
		expect(preview.today).toEqual({ amount: 1739 - 674, currency: 'usd' });
	});

	it('refuses a proration date the customer picked: older than the preview window, or ahead', async () => {
		const { stripe } = sandbox;
		const { clock, subscription, team } = await clockedCustomer(stripe);
		const at = JAN_1 + 20 * DAY;
		await advance(stripe, clock, at);
		for (const prorationDate of [JAN_1, at - PREVIEW_VALID_SECONDS - 1, at + 60]) {
			await expect(
				changePlan({ stripe, subscription: subscription.id, price: team.id, prorationDate })
			).rejects.toThrow(RangeError);
		}
		const unchanged = await stripe.subscriptions.retrieve(subscription.id);
		expect(unchanged.items.data[0]?.price.id).not.toBe(team.id);
	});

	it('previews a change during the trial as nothing due today', async () => {
		const { stripe } = sandbox;
		const { customer, team, pro } = await clockedCustomer(stripe);
		const trialing = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: pro.id }],
			trial_period_days: 14
		});
		expect(trialing.status).toBe('trialing');
		const preview = await previewPlanChange({
			stripe,
			subscription: trialing.id,
			price: team.id
		});
		expect(preview.today).toEqual({ amount: 0, currency: 'usd' });
		expect(preview.then).toEqual({ amount: 4900, currency: 'usd' });
	});

	it('previews a downgrade as a credit and credits it to the customer’s balance', async () => {
		const { stripe } = sandbox;
		const { clock, customer, subscription, team, pro } = await clockedCustomer(stripe);
		await changePlan({
			stripe,
			subscription: subscription.id,
			price: team.id,
			prorationDate: JAN_1
		});
		const at = JAN_1 + 15 * DAY + 12 * 3_600;
		await advance(stripe, clock, at);

		const preview = await previewPlanChange({
			stripe,
			subscription: subscription.id,
			price: pro.id,
			prorationDate: at
		});
		// 15.5 of 31 days left, half the period: round(1900 / 2) − round(4900 / 2) = 950 − 2450.
		expect(preview.today).toEqual({ amount: 950 - 2450, currency: 'usd' });
		expect(preview.then).toEqual({ amount: 1900, currency: 'usd' });

		const updated = await changePlan({
			stripe,
			subscription: subscription.id,
			price: pro.id,
			prorationDate: at
		});
		expect(updated.items.data[0]?.price.id).toBe(pro.id);
		expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
			balance: -1500
		});
	});

	it('cancels at period end, resumes, and ends the plan when the period ends', async () => {
		const { stripe } = sandbox;
		const { clock, subscription } = await clockedCustomer(stripe);

		const canceling = await cancelSubscription({ stripe, subscription: subscription.id });
		expect(canceling).toMatchObject({
			status: 'active',
			cancel_at_period_end: true,
			cancel_at: FEB_1
		});
		const resumed = await resumeSubscription({ stripe, subscription: subscription.id });
		expect(resumed).toMatchObject({
			status: 'active',
			cancel_at_period_end: false,
			cancel_at: null
		});

		// A cancellation scheduled with `cancel_at` (the portal's, or yours) is resumable too.
		await stripe.subscriptions.update(subscription.id, { cancel_at: JAN_1 + 20 * DAY });
		expect(await resumeSubscription({ stripe, subscription: subscription.id })).toMatchObject({
			cancel_at: null,
			cancel_at_period_end: false
		});

		await cancelSubscription({ stripe, subscription: subscription.id, reason: 'Moving on' });
		await advance(stripe, clock, FEB_1 + 60);
		const ended = await stripe.subscriptions.retrieve(subscription.id);
		expect(ended).toMatchObject({ status: 'canceled', ended_at: FEB_1 });
		expect(ended.cancellation_details?.comment).toBe('Moving on');
	});
	it('previews and changes through createPlanHandler as Billing.Plan calls it', async () => {
		const { stripe } = sandbox;
		const { clock, customer, subscription, team } = await clockedCustomer(stripe);
		const store = memorySubscriptionStore();
		await syncSubscription({ stripe, store, subscription: subscription.id });
		const handler = createPlanHandler({
			stripe,
			store,
			prices: [team.id],
			getCustomerId: () => customer.id
		});
		const post = (body: unknown) =>
			handler(
				new Request('http://localhost/api/plan', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body)
				})
			);
		const at = JAN_1 + 6 * DAY + 5 * 3_600;
		await advance(stripe, clock, at);

		const preview = (await (
			await post({ action: 'preview', price: team.id })
		).json()) as PlanChangePreview;
		// 24 days 19 h (2,142,000 s) of 2,678,400 left: round(3918.68) − round(1519.49) = 3919 − 1519.
		expect(preview).toMatchObject({ today: { amount: 3919 - 1519 }, prorationDate: at });
		const changed = await post({
			action: 'change',
			price: team.id,
			prorationDate: preview.prorationDate
		});
		expect(await changed.json()).toMatchObject({ priceId: team.id, status: 'active' });
		const invoices = await stripe.invoices.list({ subscription: subscription.id, limit: 1 });
		expect(invoices.data[0]).toMatchObject({ amount_paid: preview.today.amount, status: 'paid' });
	});
});

describe('one trial per customer', () => {
	it('gives the trial once: syncing the trialing subscription spends it', async () => {
		const { stripe } = sandbox;
		const customers = memoryCustomerStore();
		const store = memorySubscriptionStore();
		const { customer, pro } = await subscribedCustomer(stripe);
		const subscribe = async () =>
			stripe.subscriptions.create({
				customer: customer.id,
				items: [{ price: pro.id }],
				trial_period_days: await trialDays({ store: customers, customer: customer.id, days: 14 })
			});

		const first = await subscribe();
		expect(first.status).toBe('trialing');
		expect(first.trial_end).toBe(first.created + 14 * DAY);
		// The webhook for it, as the projection handles it.
		await subscriptionWebhookHandlers({ stripe, store, customers })[
			'customer.subscription.created'
		]?.({ data: { object: first } } as never);
		expect(await customers.trialUsed(customer.id)).toBe(true);

		await stripe.subscriptions.cancel(first.id);
		const second = await subscribe();
		expect(second).toMatchObject({ status: 'active', trial_end: null });
		expect(
			(await syncSubscription({ stripe, store, customers, subscription: second.id })).status
		).toBe('active');
	});
});

describe('subscription projection fed by signed webhooks', () => {
	const secret = 'whsec_billing_sandbox_spec';

	/** Delivers the sandbox's events about these subscriptions as Stripe would: signed POSTs. */
	async function deliver(
		stripe: Stripe,
		handler: (request: Request) => Promise<Response>,
		subscriptions: string[],
		options: { since: number; skip?: (event: Stripe.Event) => boolean }
	): Promise<Stripe.Event[]> {
		const events: Stripe.Event[] = [];
		for await (const event of stripe.events.list({ created: { gte: options.since }, limit: 100 })) {
			const object = event.data.object as { id?: string; subscription?: unknown; parent?: unknown };
			const about = JSON.stringify([object.id, object.subscription, object.parent]);
			if (subscriptions.some((id) => about.includes(id))) events.push(event);
		}
		// Oldest first, as they happened; the list answers newest first.
		for (const event of events.reverse()) {
			if (options.skip?.(event)) continue;
			const response = await handler(signedDelivery(event, secret));
			expect(response.status).toBe(200);
		}
		return events;
	}

	it('keeps the store in step, and reconcile repairs what a lost webhook left wrong', async () => {
		const { stripe } = sandbox;
		const store = memorySubscriptionStore();
		const handler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox: memoryInbox(),
			on: subscriptionWebhookHandlers({ stripe, store })
		});
		const since = (await stripe.customers.create()).created;
		const { subscription, team } = await subscribedCustomer(stripe);
		const lost = await subscribedCustomer(stripe);
		await deliver(stripe, handler, [subscription.id], { since });
		expect(await store.get(subscription.id)).toMatchObject({
			status: 'active',
			priceId: subscription.items.data[0]?.price.id,
			cancelAtPeriodEnd: false
		});

		await changePlan({ stripe, subscription: subscription.id, price: team.id });
		const delivered = await deliver(stripe, handler, [subscription.id], { since });
		expect(delivered.some((event) => event.type === 'invoice.paid')).toBe(true);
		expect(await store.get(subscription.id)).toMatchObject({ priceId: team.id });

		// The cancellation's `customer.subscription.updated` is lost (the others are redelivered).
		const canceling = await cancelSubscription({ stripe, subscription: subscription.id });
		await deliver(stripe, handler, [subscription.id], {
			since,
			skip: (event) =>
				event.type === 'customer.subscription.updated' &&
				(event.data.object as Stripe.Subscription).cancel_at_period_end
		});
		expect(await store.get(subscription.id)).toMatchObject({ cancelAtPeriodEnd: false });

		const repairs = await reconcile({ stripe, store, createdSince: since });
		const mine = (id: string) => repairs.find((repair) => repair.id === id);
		expect(mine(subscription.id)).toEqual({
			id: subscription.id,
			kind: 'stale',
			changes: [
				{ field: 'cancelAtPeriodEnd', stored: false, stripe: true },
				{ field: 'cancelAt', stored: null, stripe: canceling.cancel_at },
				// Stripe stamps the request to cancel, not only the end.
				{ field: 'canceledAt', stored: null, stripe: canceling.canceled_at }
			]
		});
		expect(mine(lost.subscription.id)).toMatchObject({ kind: 'missing' });
		expect(await store.get(subscription.id)).toMatchObject({
			priceId: team.id,
			cancelAtPeriodEnd: true
		});
		expect(await reconcile({ stripe, store, createdSince: since })).toEqual([]);
	});
});

describe('usage reaching Stripe meter events', () => {
	/** A meter of its own (event names are unique per account) and a customer. */
	async function meterAndCustomer(stripe: Stripe) {
		const meter = await stripe.billing.meters.create({
			display_name: 'API requests',
			event_name: `api_requests_${crypto.randomUUID().slice(0, 8)}`,
			default_aggregation: { formula: 'sum' }
		});
		const customer = await stripe.customers.create();
		return { meter, customer: customer.id };
	}

	/** What Stripe counted for the customer on the meter today (UTC). */
	async function countedToday(stripe: Stripe, meter: string, customer: string) {
		const start = Math.floor(Date.now() / 1000 / DAY) * DAY;
		const summaries = await stripe.billing.meters.listEventSummaries(meter, {
			customer,
			start_time: start,
			end_time: start + DAY,
			value_grouping_window: 'day'
		});
		return summaries.data.reduce((total, summary) => total + summary.aggregated_value, 0);
	}

	/** Stripe enforces identifiers across the account, not per meter. */
	const unique = (name: string) => `${name}_${crypto.randomUUID()}`;

	/** An SDK whose requests fail to connect: the port was free a moment ago. */
	async function unreachableStripe(): Promise<Stripe> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		return new Stripe('sk_test_unreachable', {
			host: '127.0.0.1',
			port,
			protocol: 'http',
			maxNetworkRetries: 0
		});
	}

	it('reports each identifier once, whatever is recorded twice', async () => {
		const { stripe } = sandbox;
		const { meter, customer } = await meterAndCustomer(stripe);
		const store = memoryUsageStore();
		const base = { store, customer, meter: meter.event_name };
		const [reqA, reqB] = [unique('req'), unique('req')];
		expect(await recordUsage({ ...base, quantity: 2, identifier: reqA })).toBe(true);
		expect(await recordUsage({ ...base, quantity: 3, identifier: reqB })).toBe(true);
		expect(await recordUsage({ ...base, quantity: 2, identifier: reqA })).toBe(false);

		expect(await flushUsage({ stripe, store })).toEqual({ reported: 2, failed: 0 });
		expect(await flushUsage({ stripe, store })).toEqual({ reported: 0, failed: 0 });
		expect(await countedToday(stripe, meter.id, customer)).toBe(5);
	});

	it('counts an event once when a flush crashed between sending it and marking it sent', async () => {
		const { stripe } = sandbox;
		const { meter, customer } = await meterAndCustomer(stripe);
		const store = memoryUsageStore();
		const identifier = `job_${crypto.randomUUID()}`;
		await recordUsage({ store, customer, meter: meter.event_name, quantity: 7, identifier });
		// The flush that crashed: Stripe accepted the event, the outbox never heard of it.
		const [sent] = await store.lease({ limit: 1, leaseMs: 1, now: 0 });
		await stripe.billing.meterEvents.create({
			event_name: meter.event_name,
			identifier,
			payload: { stripe_customer_id: customer, value: String(sent?.quantity) }
		});

		// Stripe refuses the identifier it holds (400, param `identifier`): it is delivered.
		const onError = vi.fn();
		expect(await flushUsage({ stripe, store, onError })).toEqual({ reported: 1, failed: 0 });
		expect(onError).not.toHaveBeenCalled();
		expect(store.outbox).toBe(0);
		expect(await countedToday(stripe, meter.id, customer)).toBe(7);
	});

	it('counts an event once when marking it sent failed after Stripe took it', async () => {
		const { stripe } = sandbox;
		const { meter, customer } = await meterAndCustomer(stripe);
		const inner = memoryUsageStore();
		const request = unique('req');
		let markFailures = 1;
		const store: UsageStore = {
			...inner,
			async reported(identifier) {
				if (markFailures-- > 0) throw new Error('database connection lost');
				return inner.reported(identifier);
			}
		};
		let clock = 1_000_000;
		const now = () => clock;
		await recordUsage({
			store,
			customer,
			meter: meter.event_name,
			quantity: 4,
			identifier: request
		});

		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 0, failed: 1 });
		clock += 5_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 1, failed: 0 });
		expect(inner.outbox).toBe(0);
		expect(await countedToday(stripe, meter.id, customer)).toBe(4);
	});

	it('retries when Stripe cannot be reached, and reports the event once it can', async () => {
		const { stripe } = sandbox;
		const { meter, customer } = await meterAndCustomer(stripe);
		const store = memoryUsageStore();
		let clock = 1_000_000;
		const now = () => clock;
		const onError = vi.fn();
		const request = unique('req');
		await recordUsage({
			store,
			customer,
			meter: meter.event_name,
			quantity: 9,
			identifier: request
		});

		const down = await unreachableStripe();
		expect(await flushUsage({ stripe: down, store, now, onError })).toEqual({
			reported: 0,
			failed: 1
		});
		expect(onError).toHaveBeenCalledWith(
			expect.objectContaining({ type: 'StripeConnectionError' }),
			request
		);
		clock += 5_000;
		expect(await flushUsage({ stripe: down, store, now })).toEqual({ reported: 0, failed: 1 });
		// The second failure waits 30 s.
		clock += 5_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 0, failed: 0 });
		clock += 25_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 1, failed: 0 });
		expect(await countedToday(stripe, meter.id, customer)).toBe(9);
	});

	it('keeps retrying an event Stripe refuses for another reason', async () => {
		const { stripe } = sandbox;
		const { meter, customer } = await meterAndCustomer(stripe);
		const store = memoryUsageStore();
		// Older than the 35 days Stripe accepts: a 400 on `timestamp`, not a duplicate.
		const timestamp = Math.floor(Date.now() / 1000) - 40 * DAY;
		const old = unique('old');
		await recordUsage({
			store,
			customer,
			meter: meter.event_name,
			quantity: 1,
			identifier: old,
			timestamp
		});

		const onError = vi.fn();
		expect(await flushUsage({ stripe, store, onError })).toEqual({ reported: 0, failed: 1 });
		expect(onError).toHaveBeenCalledWith(expect.objectContaining({ param: 'timestamp' }), old);
		expect(store.outbox).toBe(1);
	});
});
