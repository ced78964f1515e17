/**
 * Usage-based billing through the official `stripe` SDK: meters, meter events, event summaries,
 * metered and tiered prices, and the renewal invoice that bills a period's usage (with a test clock).
 * What Stripe answers synchronously is a contract run against real Stripe too when
 * STRIPE_SECRET_KEY holds a test key; aggregation is sandbox only, because Stripe aggregates meter
 * events asynchronously, minutes later.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const DAY = 86_400;
/** Top-level fields of Stripe's published samples (fixtures3.json), which sandbox objects must carry. */
const SAMPLE_FIELDS: Record<string, string[]> = {
	'billing.meter': [
		'created',
		'customer_mapping',
		'default_aggregation',
		'display_name',
		'event_name',
		'event_time_window',
		'id',
		'livemode',
		'object',
		'status',
		'status_transitions',
		'updated',
		'value_settings'
	],
	'billing.meter_event': [
		'created',
		'event_name',
		'identifier',
		'livemode',
		'object',
		'payload',
		'timestamp'
	],
	'billing.meter_event_adjustment': [
		'cancel',
		'event_name',
		'livemode',
		'object',
		'status',
		'type'
	],
	'billing.meter_event_summary': [
		'aggregated_value',
		'end_time',
		'id',
		'livemode',
		'meter',
		'object',
		'start_time'
	]
};
const sample = (kind: string): string[] => SAMPLE_FIELDS[kind] ?? [];

const realKey = process.env.STRIPE_SECRET_KEY?.startsWith('sk_test_')
	? process.env.STRIPE_SECRET_KEY
	: undefined;

interface Target {
	name: string;
	stripe: () => Stripe;
	/** The target's current time, in seconds. */
	now: () => number;
}

let sandbox: Sandbox;
let stripe: Stripe;
const targets: Target[] = [
	{
		name: 'sandbox',
		stripe: () => new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 }),
		now: () => sandbox.clock.now()
	},
	...(realKey
		? [
				{
					name: 'real Stripe (test mode)',
					stripe: () => new Stripe(realKey),
					now: () => Math.floor(Date.now() / 1000)
				}
			]
		: [])
];
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

let names = 0;
const uniqueName = (base: string): string => `${base}_${Date.now()}_${names++}`;

/** Midnight UTC of the sandbox's today, so windows align as Stripe requires. */
const today = (): number => Math.floor(sandbox.clock.now() / DAY) * DAY;

async function meter(
	stripe: Stripe,

	formula: 'sum' | 'count' | 'last',
	extra: Partial<Stripe.Billing.MeterCreateParams> = {}
) {
	return stripe.billing.meters.create({
		display_name: `API calls (${formula})`,
		event_name: uniqueName('api_calls'),
		default_aggregation: { formula },
		...extra
	});
}

describe.each(targets)('contract: $name', (target) => {
	let stripe: Stripe;
	beforeAll(() => {
		stripe = target.stripe();
	});

	test('create, retrieve, update, list, deactivate and reactivate, shaped as Stripe shapes them', async () => {
		const created = await meter(stripe, 'sum', {
			customer_mapping: { type: 'by_id', event_payload_key: 'account' },
			value_settings: { event_payload_key: 'tokens' }
		});
		expect(Object.keys(created).sort()).toEqual(sample('billing.meter'));
		expect(created).toMatchObject({
			object: 'billing.meter',
			status: 'active',
			customer_mapping: { type: 'by_id', event_payload_key: 'account' },
			value_settings: { event_payload_key: 'tokens' },
			default_aggregation: { formula: 'sum' },
			status_transitions: { deactivated_at: null }
		});
		expect(created.id).toMatch(/^mtr_/);
		expect((await stripe.billing.meters.retrieve(created.id)).event_name).toBe(created.event_name);

		const renamed = await stripe.billing.meters.update(created.id, { display_name: 'Tokens' });
		expect(renamed.display_name).toBe('Tokens');

		const off = await stripe.billing.meters.deactivate(created.id);
		expect(off.status).toBe('inactive');
		expect(off.status_transitions.deactivated_at).toBeTypeOf('number');
		const inactive = await stripe.billing.meters.list({ status: 'inactive', limit: 100 });
		expect(inactive.data.map((m) => m.id)).toContain(created.id);
		const active = await stripe.billing.meters.list({ status: 'active', limit: 100 });
		expect(active.data.map((m) => m.id)).not.toContain(created.id);

		const on = await stripe.billing.meters.reactivate(created.id);
		expect(on).toMatchObject({ status: 'active', status_transitions: { deactivated_at: null } });
	});

	test('defaults the payload keys to stripe_customer_id and value; refuses a bad formula', async () => {
		const created = await meter(stripe, 'count');
		expect(created.customer_mapping).toEqual({
			type: 'by_id',
			event_payload_key: 'stripe_customer_id'
		});
		expect(created.value_settings).toEqual({ event_payload_key: 'value' });
		await expect(
			stripe.billing.meters.create({
				display_name: 'x',
				event_name: uniqueName('bad'),
				default_aggregation: { formula: 'median' }
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'default_aggregation[formula]' });
	});

	test('an event echoes what was sent; a second event with the same identifier is refused', async () => {
		const m = await meter(stripe, 'sum');
		const customer = await stripe.customers.create({ email: 'usage@example.com' });
		const identifier = uniqueName('req');
		const event = await stripe.billing.meterEvents.create({
			event_name: m.event_name,
			payload: { stripe_customer_id: customer.id, value: '25' },
			identifier
		});
		expect(Object.keys(event).sort()).toEqual(sample('billing.meter_event'));
		expect(event).toMatchObject({
			object: 'billing.meter_event',
			identifier,
			payload: { stripe_customer_id: customer.id, value: '25' }
		});
		// Now, give or take the request's own duration against real Stripe.
		expect(Math.abs(event.timestamp - target.now())).toBeLessThanOrEqual(5);
		await expect(
			stripe.billing.meterEvents.create({
				event_name: m.event_name,
				payload: { stripe_customer_id: customer.id, value: '25' },
				identifier
			})
		).rejects.toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
		const generated = await stripe.billing.meterEvents.create({
			event_name: m.event_name,
			payload: { stripe_customer_id: customer.id, value: '1' }
		});
		expect(generated.identifier).toMatch(/\S{10,}/);
	});

	test('timestamps must be within the past 35 days and at most 5 minutes ahead', async () => {
		const m = await meter(stripe, 'count');
		const customer = await stripe.customers.create({});
		const now = target.now();
		const send = (timestamp: number) =>
			stripe.billing.meterEvents.create({
				event_name: m.event_name,
				payload: { stripe_customer_id: customer.id },
				timestamp
			});
		await expect(send(now - 34 * DAY)).resolves.toMatchObject({ timestamp: now - 34 * DAY });
		await expect(send(now + 240)).resolves.toMatchObject({ timestamp: now + 240 });
		await expect(send(now - 36 * DAY)).rejects.toMatchObject({
			statusCode: 400,
			param: 'timestamp'
		});
		await expect(send(now + 3600)).rejects.toMatchObject({ statusCode: 400, param: 'timestamp' });
	});

	test('a tiered price keeps its tiers (returned when expanded); a metered price needs a meter', async () => {
		const m = await meter(stripe, 'sum');
		const price = await stripe.prices.create({
			currency: 'usd',
			product_data: { name: 'API requests' },
			recurring: { interval: 'month', usage_type: 'metered', meter: m.id },
			billing_scheme: 'tiered',
			tiers_mode: 'graduated',
			tiers: [
				{ up_to: 1000, unit_amount: 0 },
				{ up_to: 10_000, unit_amount_decimal: Stripe.Decimal.from('0.5'), flat_amount: 100 },
				{ up_to: 'inf', unit_amount: 0 }
			]
		});
		expect(price).toMatchObject({
			billing_scheme: 'tiered',
			tiers_mode: 'graduated',
			unit_amount: null,
			recurring: { usage_type: 'metered', meter: m.id }
		});
		expect(price.tiers).toBeUndefined();
		const listed = await stripe.prices.list({
			recurring: { meter: m.id, usage_type: 'metered' },
			limit: 100
		});
		expect(listed.data.map((p) => p.id)).toEqual([price.id]);
		const licensed = await stripe.prices.list({
			recurring: { meter: m.id, usage_type: 'licensed' }
		});
		expect(licensed.data).toEqual([]);
		const expanded = await stripe.prices.retrieve(price.id, { expand: ['tiers'] });
		expect(expanded.tiers?.map((t) => t.up_to)).toEqual([1000, 10_000, null]);
		expect(expanded.tiers?.[1]?.flat_amount).toBe(100);
		expect(String(expanded.tiers?.[1]?.unit_amount_decimal)).toBe('0.5');

		await expect(
			stripe.prices.create({
				currency: 'usd',
				product_data: { name: 'no meter' },
				unit_amount: 1,
				recurring: { interval: 'month', usage_type: 'metered' }
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'recurring[meter]' });
		await expect(
			stripe.prices.create({
				currency: 'usd',
				product_data: { name: 'no tiers_mode' },
				billing_scheme: 'tiered',
				tiers: [{ up_to: 'inf', unit_amount: 1 }]
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'tiers_mode' });
		await expect(
			stripe.prices.create({
				currency: 'usd',
				product_data: { name: 'inf first' },
				billing_scheme: 'tiered',
				tiers_mode: 'volume',
				tiers: [
					{ up_to: 'inf', unit_amount: 1 },
					{ up_to: 10, unit_amount: 1 }
				]
			})
		).rejects.toMatchObject({ statusCode: 400 });
	});
});

describe('sandbox: aggregation and invoices', () => {
	test('two active meters cannot share an event name', async () => {
		const first = await meter(stripe, 'sum');
		await expect(
			stripe.billing.meters.create({
				display_name: 'again',
				event_name: first.event_name,
				default_aggregation: { formula: 'sum' }
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'event_name' });
	});

	test('summaries aggregate by sum, count and last, per customer, by day and by hour', async () => {
		const [sum, count, last] = [
			await meter(stripe, 'sum'),
			await meter(stripe, 'count'),
			await meter(stripe, 'last')
		];
		const alice = await stripe.customers.create({ email: 'alice@example.com' });
		const bob = await stripe.customers.create({ email: 'bob@example.com' });
		const day = today() - 2 * DAY;
		const sends: Array<[string, number, number]> = [
			[alice.id, 10, day + 3600],
			[alice.id, 5, day + 2 * 3600 + 60],
			[alice.id, 7, day + DAY + 60],
			[bob.id, 1000, day + 3600]
		];
		for (const m of [sum, count, last])
			for (const [customer, value, timestamp] of sends)
				await stripe.billing.meterEvents.create({
					event_name: m.event_name,
					payload: { stripe_customer_id: customer, value: String(value) },
					timestamp
				});

		const total = async (id: string) =>
			(
				await stripe.billing.meters.listEventSummaries(id, {
					customer: alice.id,
					start_time: day,
					end_time: day + 2 * DAY
				})
			).data;
		const [sumAll] = await total(sum.id);
		expect(Object.keys(sumAll ?? {}).sort()).toEqual(sample('billing.meter_event_summary'));
		expect(sumAll).toMatchObject({
			object: 'billing.meter_event_summary',
			aggregated_value: 22,
			start_time: day,
			end_time: day + 2 * DAY,
			meter: sum.id
		});
		expect((await total(count.id))[0]?.aggregated_value).toBe(3);
		expect((await total(last.id))[0]?.aggregated_value).toBe(7);

		const daily = await stripe.billing.meters.listEventSummaries(sum.id, {
			customer: alice.id,
			start_time: day,
			end_time: day + 2 * DAY,
			value_grouping_window: 'day'
		});
		expect(daily.data.map((s) => [s.start_time, s.aggregated_value])).toEqual([
			[day + DAY, 7],
			[day, 15]
		]);
		const hourly = await stripe.billing.meters.listEventSummaries(sum.id, {
			customer: alice.id,
			start_time: day,
			end_time: day + 3 * 3600,
			value_grouping_window: 'hour'
		});
		expect(hourly.data.map((s) => s.aggregated_value)).toEqual([5, 10, 0]);
		await expect(
			stripe.billing.meters.listEventSummaries(sum.id, {
				customer: alice.id,
				start_time: day + 60,
				end_time: day + DAY,
				value_grouping_window: 'day'
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'start_time' });
	});

	test('an adjustment cancels an event so it no longer counts', async () => {
		const m = await meter(stripe, 'sum');
		const customer = await stripe.customers.create({});
		const start = Math.floor(sandbox.clock.now() / 60) * 60;
		for (const identifier of ['keep', 'drop'].map(uniqueName))
			await stripe.billing.meterEvents.create({
				event_name: m.event_name,
				payload: { stripe_customer_id: customer.id, value: '4' },
				identifier: identifier.startsWith('drop') ? `${m.id}_drop` : identifier
			});
		const adjustment = await stripe.billing.meterEventAdjustments.create({
			event_name: m.event_name,
			type: 'cancel',
			cancel: { identifier: `${m.id}_drop` }
		});
		expect(Object.keys(adjustment).sort()).toEqual(sample('billing.meter_event_adjustment'));
		const summary = await stripe.billing.meters.listEventSummaries(m.id, {
			customer: customer.id,
			start_time: start,
			end_time: start + 120
		});
		expect(summary.data[0]?.aggregated_value).toBe(4);
	});

	test('the renewal invoice bills the period usage, aggregated per meter and priced by tiers', async () => {
		const frozen = today() - 3 * DAY;
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
		const customer = await stripe.customers.create({
			email: 'metered@example.com',
			test_clock: clock.id,
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		const requests = await meter(stripe, 'sum');
		const seats = await meter(stripe, 'last');
		const product = await stripe.products.create({ name: 'API' });
		const graduated = await stripe.prices.create({
			currency: 'usd',
			product: product.id,
			recurring: { interval: 'month', usage_type: 'metered', meter: requests.id },
			billing_scheme: 'tiered',
			tiers_mode: 'graduated',
			tiers: [
				{ up_to: 100, unit_amount: 0 },
				{ up_to: 1000, unit_amount: 2, flat_amount: 500 },
				{ up_to: 'inf', unit_amount: 1 }
			]
		});
		const volume = await stripe.prices.create({
			currency: 'usd',
			product: product.id,
			recurring: { interval: 'month', usage_type: 'metered', meter: seats.id },
			billing_scheme: 'tiered',
			tiers_mode: 'volume',
			tiers: [
				{ up_to: 5, unit_amount: 1000 },
				{ up_to: 'inf', unit_amount: 800, flat_amount: 200 }
			]
		});
		// Per started thousand requests: transform_quantity rounds 1,200 up to 2 units.
		const perThousand = await stripe.prices.create({
			currency: 'usd',
			product: product.id,
			unit_amount: 50,
			transform_quantity: { divide_by: 1000, round: 'up' },
			recurring: { interval: 'month', usage_type: 'metered', meter: requests.id }
		});
		const base = await stripe.prices.create({
			currency: 'usd',
			product: product.id,
			unit_amount: 2900,
			recurring: { interval: 'month' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [
				{ price: base.id },
				{ price: graduated.id },
				{ price: volume.id },
				{ price: perThousand.id }
			]
		});
		expect(sub.status).toBe('active');
		const first = await stripe.invoices.retrieve(String(sub.latest_invoice));
		expect(first.amount_due).toBe(2900);

		// 1,200 requests over the month and a seat count that ends at 7.
		for (const [value, at] of [
			[700, frozen + DAY],
			[500, frozen + 10 * DAY]
		] as const) {
			await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at });
			await stripe.billing.meterEvents.create({
				event_name: requests.event_name,
				payload: { stripe_customer_id: customer.id, value: String(value) }
			});
			await stripe.billing.meterEvents.create({
				event_name: seats.event_name,
				payload: { stripe_customer_id: customer.id, value: value === 700 ? '3' : '7' }
			});
		}
		const periodEnd = sub.items.data[0]?.current_period_end ?? 0;
		await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 60 });

		const renewed = await stripe.subscriptions.retrieve(sub.id);
		const invoice = await stripe.invoices.retrieve(String(renewed.latest_invoice));
		expect(invoice.billing_reason).toBe('subscription_cycle');
		const byPrice = new Map(
			invoice.lines.data.map((line) => [line.pricing?.price_details?.price, line])
		);
		// Graduated: 100 free, 900 at 2¢ plus the 500 flat fee, 200 at 1¢.
		expect(byPrice.get(graduated.id)).toMatchObject({
			quantity: 1200,
			amount: 900 * 2 + 500 + 200 * 1,
			period: { start: sub.items.data[0]?.current_period_start, end: periodEnd }
		});
		// Volume: the last seat count (7) falls in the second tier, so every seat costs 8 dollars plus 2 flat.
		expect(byPrice.get(volume.id)).toMatchObject({ quantity: 7, amount: 7 * 800 + 200 });
		expect(byPrice.get(perThousand.id)).toMatchObject({ quantity: 1200, amount: 100 });
		expect(byPrice.get(base.id)).toMatchObject({ amount: 2900 });
		expect(invoice.amount_due).toBe(2900 + 2500 + 5800 + 100);
		expect(invoice.status).toBe('paid');
	});
});
