/**
 * The contract: behaviours the library relies on, written against the official `stripe` SDK.
 * It always runs against the sandbox. With a test-mode key in STRIPE_SECRET_KEY it also runs,
 * unchanged, against real Stripe, which is how drift between the two is caught.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const realKey = process.env.STRIPE_SECRET_KEY?.startsWith('sk_test_')
	? process.env.STRIPE_SECRET_KEY
	: undefined;
if (!realKey)
	console.info(
		'[contract] STRIPE_SECRET_KEY holds no sk_test_ key: this run covers the sandbox only and was NOT run against real Stripe.'
	);

interface Target {
	name: string;
	stripe: () => Stripe;
	/** Any key the target refuses. */
	badKey: string;
	config: () => Stripe.StripeConfig;
}

let sandbox: Sandbox;
const targets: Target[] = [
	{
		name: 'sandbox',
		stripe: () => new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 }),
		badKey: 'sk_test_invalid0000000000000000',
		config: () => sandbox.stripeConfig
	},
	...(realKey
		? [
				{
					name: 'real Stripe (test mode)',
					stripe: () => new Stripe(realKey),
					badKey: 'sk_test_invalid0000000000000000',
					config: () => ({})
				}
			]
		: [])
];

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

describe.each(targets)('contract: $name', (target) => {
	let stripe: Stripe;
	beforeAll(() => {
		stripe = target.stripe();
	});

	test('refuses a wrong secret key with 401 and the key masked', async () => {
		const bad = new Stripe(target.badKey, { ...target.config(), maxNetworkRetries: 0 });
		await expect(bad.customers.list()).rejects.toMatchObject({
			type: 'StripeAuthenticationError',
			statusCode: 401,
			raw: {
				type: 'invalid_request_error',
				message: `Invalid API Key provided: sk_test_${'*'.repeat(target.badKey.length - 12)}${target.badKey.slice(-4)}`
			}
		});
	});

	test('ids carry Stripe prefixes', async () => {
		const customer = await stripe.customers.create({ email: 'prefix@example.com' });
		const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
		expect(customer.id).toMatch(/^cus_/);
		expect(pi.id).toMatch(/^pi_/);
		expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
	});

	test('a PaymentIntent walks the status machine to succeeded and records its charge', async () => {
		const created = await stripe.paymentIntents.create({
			amount: 2000,
			currency: 'usd',
			automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
			metadata: { order: 'o_1' }
		});
		expect(created.status).toBe('requires_payment_method');
		expect(created.automatic_payment_methods?.enabled).toBe(true);
		const withMethod = await stripe.paymentIntents.update(created.id, {
			payment_method: 'pm_card_visa'
		});
		expect(withMethod.status).toBe('requires_confirmation');
		const confirmed = await stripe.paymentIntents.confirm(created.id, {
			expand: ['latest_charge']
		});
		expect(confirmed.status).toBe('succeeded');
		expect(confirmed.amount_received).toBe(2000);
		expect(confirmed.metadata).toEqual({ order: 'o_1' });
		const charge = confirmed.latest_charge as Stripe.Charge;
		expect(charge.id).toMatch(/^ch_/);
		expect(charge).toMatchObject({
			amount: 2000,
			paid: true,
			captured: true,
			status: 'succeeded',
			payment_intent: created.id
		});
		expect(charge.payment_method_details?.card?.last4).toBe('4242');
	});

	test('a declined card returns card_declined with its decline_code and leaves the intent retryable', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 1500,
			currency: 'usd',
			allowed_payment_method_types: ['card']
		});
		await expect(
			stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' })
		).rejects.toMatchObject({
			type: 'StripeCardError',
			statusCode: 402,
			code: 'card_declined',
			decline_code: 'generic_decline'
		});
		const after = await stripe.paymentIntents.retrieve(pi.id);
		expect(after.status).toBe('requires_payment_method');
		expect(after.last_payment_error?.decline_code).toBe('generic_decline');
		const retried = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
		expect(retried.status).toBe('succeeded');
	});

	test('insufficient funds is its own decline code', async () => {
		await expect(
			stripe.paymentIntents.create({
				amount: 1500,
				currency: 'usd',
				allowed_payment_method_types: ['card'],
				payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
				confirm: true
			})
		).rejects.toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
	});

	test('the authentication card needs action before it can succeed', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 3000,
			currency: 'usd',
			allowed_payment_method_types: ['card'],
			payment_method: 'pm_card_authenticationRequired',
			confirm: true,
			return_url: 'https://shop.example/return'
		});
		expect(pi.status).toBe('requires_action');
		expect(pi.next_action?.type).toBe('redirect_to_url');
		expect(pi.next_action?.redirect_to_url?.return_url).toBe('https://shop.example/return');
	});

	test('manual capture holds the amount until captured', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 5000,
			currency: 'usd',
			allowed_payment_method_types: ['card'],
			payment_method: 'pm_card_visa',
			capture_method: 'manual',
			confirm: true
		});
		expect(pi.status).toBe('requires_capture');
		expect(pi.amount_capturable).toBe(5000);
		const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
		expect(captured.status).toBe('succeeded');
		expect(captured.amount_received).toBe(4000);
	});

	test('cancel, and confirming in the wrong state, behave as documented', async () => {
		const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
		const canceled = await stripe.paymentIntents.cancel(pi.id, {
			cancellation_reason: 'abandoned'
		});
		expect(canceled.status).toBe('canceled');
		expect(canceled.cancellation_reason).toBe('abandoned');
		await expect(
			stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
		).rejects.toMatchObject({ code: 'payment_intent_unexpected_state', statusCode: 400 });
	});

	test('refunds: partial, then the rest, then nothing left to refund', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 4000,
			currency: 'usd',
			allowed_payment_method_types: ['card'],
			payment_method: 'pm_card_visa',
			confirm: true
		});
		const partial = await stripe.refunds.create({
			payment_intent: pi.id,
			amount: 1000,
			reason: 'requested_by_customer'
		});
		expect(partial).toMatchObject({ amount: 1000, status: 'succeeded', payment_intent: pi.id });
		expect(partial.id).toMatch(/^re_/);
		let charge = await stripe.charges.retrieve(String(pi.latest_charge));
		expect(charge.amount_refunded).toBe(1000);
		expect(charge.refunded).toBe(false);
		await expect(
			stripe.refunds.create({ payment_intent: pi.id, amount: 5000 })
		).rejects.toMatchObject({ statusCode: 400 });
		await stripe.refunds.create({ charge: charge.id });
		charge = await stripe.charges.retrieve(charge.id);
		expect(charge.amount_refunded).toBe(4000);
		expect(charge.refunded).toBe(true);
		await expect(stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({
			code: 'charge_already_refunded'
		});
	});

	test('errors use Stripe codes and name the parameter', async () => {
		await expect(
			stripe.paymentIntents.create({ amount: 1000 } as Stripe.PaymentIntentCreateParams)
		).rejects.toMatchObject({ code: 'parameter_missing', param: 'currency' });
		await expect(
			stripe.paymentIntents.create({
				amount: 1000,
				currency: 'usd',
				colour: 'red'
			} as Stripe.PaymentIntentCreateParams)
		).rejects.toMatchObject({
			code: 'parameter_unknown',
			param: 'colour'
		});
		// This API version replaced payment_method_types with allowed_payment_method_types.
		await expect(
			stripe.paymentIntents.create({
				amount: 1000,
				currency: 'usd',
				payment_method_types: ['card']
			} as Stripe.PaymentIntentCreateParams)
		).rejects.toMatchObject({
			code: 'parameter_unknown',
			param: 'payment_method_types'
		});
		await expect(
			stripe.paymentIntents.create({ amount: 10, currency: 'usd' })
		).rejects.toMatchObject({ code: 'amount_too_small', param: 'amount' });
		await expect(stripe.paymentIntents.retrieve('pi_doesnotexist')).rejects.toMatchObject({
			code: 'resource_missing',
			statusCode: 404
		});
		await expect(
			stripe.paymentIntents.create({ amount: 'ten' as unknown as number, currency: 'usd' })
		).rejects.toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
	});

	test('idempotency: same key and parameters replay; different parameters are refused', async () => {
		const key = `contract-${Date.now()}-${Math.random()}`;
		const first = await stripe.customers.create(
			{ email: 'idem@example.com' },
			{ idempotencyKey: key }
		);
		const again = await stripe.customers.create(
			{ email: 'idem@example.com' },
			{ idempotencyKey: key }
		);
		expect(again.id).toBe(first.id);
		await expect(
			stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: key })
		).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
	});

	test('lists paginate newest first with starting_after, ending_before and has_more', async () => {
		const tag = `page-${Date.now()}`;
		const made: string[] = [];
		for (let i = 0; i < 5; i++)
			made.push((await stripe.products.create({ name: `${tag}-${i}`, metadata: { tag } })).id);
		const newestFirst = [...made].reverse();
		const first = await stripe.products.list({ limit: 2 });
		expect(first.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));
		expect(first.has_more).toBe(true);
		const second = await stripe.products.list({ limit: 2, starting_after: newestFirst[1] });
		expect(second.data.map((p) => p.id)).toEqual(newestFirst.slice(2, 4));
		const back = await stripe.products.list({ limit: 2, ending_before: newestFirst[2] });
		expect(back.data.map((p) => p.id)).toEqual(newestFirst.slice(0, 2));
		const all: string[] = [];
		for await (const product of stripe.products.list({ limit: 2 })) {
			if (product.metadata.tag === tag) all.push(product.id);
			if (all.length === 5) break;
		}
		expect(all).toEqual(newestFirst);
	});

	test('metadata merges on update and an empty value unsets a key', async () => {
		const customer = await stripe.customers.create({ metadata: { plan: 'pro', seats: '3' } });
		const updated = await stripe.customers.update(customer.id, {
			metadata: { seats: '', team: 'a' }
		});
		expect(updated.metadata).toEqual({ plan: 'pro', team: 'a' });
	});

	test('products and prices, one-time and recurring, found by lookup key', async () => {
		const product = await stripe.products.create({
			name: 'Component kit',
			default_price_data: { currency: 'usd', unit_amount: 4900 }
		});
		expect(product.default_price).toMatch(/^price_/);
		const lookup = `pro-monthly-${Date.now()}`;
		const monthly = await stripe.prices.create({
			product: product.id,
			currency: 'usd',
			unit_amount: 1900,
			recurring: { interval: 'month' },
			lookup_key: lookup
		});
		expect(monthly).toMatchObject({
			type: 'recurring',
			recurring: { interval: 'month', interval_count: 1 },
			unit_amount: 1900
		});
		const found = await stripe.prices.list({ lookup_keys: [lookup], expand: ['data.product'] });
		expect(found.data.map((p) => p.id)).toEqual([monthly.id]);
		expect((found.data[0]?.product as Stripe.Product).name).toBe('Component kit');
	});

	test('customers: create, retrieve, attach a card, delete', async () => {
		const customer = await stripe.customers.create({ email: 'crud@example.com', name: 'Ada' });
		const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
		expect(pm.customer).toBe(customer.id);
		const methods = await stripe.customers.listPaymentMethods(customer.id);
		expect(methods.data.map((m) => m.id)).toContain(pm.id);
		const deleted = await stripe.customers.del(customer.id);
		expect(deleted.deleted).toBe(true);
		await expect(stripe.customers.retrieve(customer.id)).rejects.toMatchObject({
			code: 'resource_missing'
		});
	});

	test('expand[] replaces ids with objects', async () => {
		const customer = await stripe.customers.create({ email: 'expand@example.com' });
		const pi = await stripe.paymentIntents.create({
			amount: 1200,
			currency: 'usd',
			customer: customer.id,
			allowed_payment_method_types: ['card'],
			payment_method: 'pm_card_visa',
			confirm: true,
			expand: ['customer', 'latest_charge']
		});
		expect((pi.customer as Stripe.Customer).email).toBe('expand@example.com');
		expect((pi.latest_charge as Stripe.Charge).object).toBe('charge');
	});

	test('events record state changes', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 1300,
			currency: 'usd',
			allowed_payment_method_types: ['card'],
			payment_method: 'pm_card_visa',
			confirm: true
		});
		const events = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 20 });
		const match = events.data.find((e) => (e.data.object as { id: string }).id === pi.id);
		expect(match?.type).toBe('payment_intent.succeeded');
	});

	test('checkout sessions: payment mode gives a hosted URL, line items, and can expire', async () => {
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 2500,
			product_data: { name: 'Lifetime licence' }
		});
		const session = await stripe.checkout.sessions.create({
			mode: 'payment',
			line_items: [{ price: price.id, quantity: 2 }],
			success_url: 'https://shop.example/ok?session={CHECKOUT_SESSION_ID}',
			cancel_url: 'https://shop.example/cart'
		});
		expect(session).toMatchObject({
			status: 'open',
			payment_status: 'unpaid',
			amount_total: 5000,
			currency: 'usd',
			mode: 'payment'
		});
		expect(session.url).toMatch(/^https?:\/\//);
		const items = await stripe.checkout.sessions.listLineItems(session.id);
		expect(items.data[0]).toMatchObject({ quantity: 2, amount_total: 5000 });
		const expired = await stripe.checkout.sessions.expire(session.id);
		expect(expired.status).toBe('expired');
	});

	test('subscriptions: create, change plan, cancel at period end, then now', async () => {
		const customer = await stripe.customers.create({
			email: 'sub@example.com',
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		const product = await stripe.products.create({ name: 'NOBS Pay Pro' });
		const monthly = await stripe.prices.create({
			product: product.id,
			currency: 'usd',
			unit_amount: 1900,
			recurring: { interval: 'month' }
		});
		const yearly = await stripe.prices.create({
			product: product.id,
			currency: 'usd',
			unit_amount: 19000,
			recurring: { interval: 'month', interval_count: 12 }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: monthly.id }],
			expand: ['latest_invoice']
		});
		expect(sub.status).toBe('active');
		expect((sub.latest_invoice as Stripe.Invoice).status).toBe('paid');
		expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(1900);
		const item = sub.items.data[0] as Stripe.SubscriptionItem;
		expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
		const switched = await stripe.subscriptions.update(sub.id, {
			items: [{ id: item.id, price: yearly.id }],
			proration_behavior: 'none'
		});
		expect(switched.items.data[0]?.price.id).toBe(yearly.id);
		const ending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
		expect(ending.cancel_at_period_end).toBe(true);
		expect(ending.status).toBe('active');
		const canceled = await stripe.subscriptions.cancel(sub.id);
		expect(canceled.status).toBe('canceled');
	});

	test('subscriptions with a trial start trialing with a zero invoice', async () => {
		const customer = await stripe.customers.create({ email: 'trial@example.com' });
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 900,
			recurring: { interval: 'month' },
			product_data: { name: 'Starter' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			trial_period_days: 14
		});
		expect(sub.status).toBe('trialing');
		expect(sub.trial_end).toBeGreaterThan(sub.start_date);
	});

	test('lists filter on created with gt, gte, lt and lte', async () => {
		const customer = await stripe.customers.create({ email: 'created@example.com' });
		const at = customer.created;
		const ids = async (created: Stripe.RangeQueryParam | number) =>
			(await stripe.customers.list({ created, limit: 100 })).data.map((c) => c.id);
		expect(await ids({ gte: at })).toContain(customer.id);
		expect(await ids(at)).toContain(customer.id);
		expect(await ids({ lt: at })).not.toContain(customer.id);
		expect(await ids({ gt: at })).not.toContain(customer.id);
		expect(await ids({ lte: at, gte: at - 60 })).toContain(customer.id);
	});

	test('customers store their invoicing and shipping fields', async () => {
		const customer = await stripe.customers.create({
			email: 'fields@example.com',
			balance: -500,
			next_invoice_sequence: 7,
			tax_exempt: 'reverse',
			shipping: { name: 'Ada', address: { line1: '1 Main St', city: 'Paris', country: 'FR' } }
		});
		expect(customer).toMatchObject({
			balance: -500,
			next_invoice_sequence: 7,
			tax_exempt: 'reverse',
			shipping: { name: 'Ada', address: { line1: '1 Main St', city: 'Paris', country: 'FR' } }
		});
		const updated = await stripe.customers.update(customer.id, { tax_exempt: '', shipping: '' });
		expect(updated).toMatchObject({ tax_exempt: 'none', shipping: null });
	});

	test('an invoice paid out of band is paid without a charge and activates its subscription', async () => {
		const customer = await stripe.customers.create({ email: 'oob@example.com' });
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 4900,
			recurring: { interval: 'month' },
			product_data: { name: 'Team' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			payment_behavior: 'default_incomplete'
		});
		expect(sub.status).toBe('incomplete');
		const paid = await stripe.invoices.pay(String(sub.latest_invoice), { paid_out_of_band: true });
		expect(paid.status).toBe('paid');
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
		expect((await stripe.charges.list({ customer: customer.id })).data).toEqual([]);
	});

	/** Advances a test clock and waits until its objects have moved (Stripe advances in the background). */
	async function advance(clock: string, to: number): Promise<void> {
		await stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });
		for (let i = 0; i < 120; i++) {
			if ((await stripe.testHelpers.testClocks.retrieve(clock)).status === 'ready') return;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(`test clock ${clock} never became ready`);
	}

	test('test clocks: create, retrieve, list, delete', async () => {
		const frozen = Math.floor(Date.UTC(2027, 4, 1) / 1000);
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen, name: 'crud' });
		expect(clock).toMatchObject({
			object: 'test_helpers.test_clock',
			frozen_time: frozen,
			status: 'ready'
		});
		expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).name).toBe('crud');
		const listed = await stripe.testHelpers.testClocks.list({ limit: 100 });
		expect(listed.data.map((c) => c.id)).toContain(clock.id);
		await expect(
			stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: frozen - 1 })
		).rejects.toMatchObject({ statusCode: 400, param: 'frozen_time' });
		const deleted = await stripe.testHelpers.testClocks.del(clock.id);
		expect(deleted.deleted).toBe(true);
		await expect(stripe.testHelpers.testClocks.retrieve(clock.id)).rejects.toMatchObject({
			code: 'resource_missing'
		});
	});

	test('test clocks: a trial ends into a paid period, subscription.updated before invoice.paid', async () => {
		const frozen = Math.floor(Date.UTC(2027, 0, 10, 12) / 1000);
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
		const customer = await stripe.customers.create({
			email: 'clock@example.com',
			test_clock: clock.id,
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		expect(customer.test_clock).toBe(clock.id);
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 2500,
			recurring: { interval: 'month' },
			product_data: { name: 'Clocked' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			trial_period_days: 7
		});
		expect(sub).toMatchObject({ status: 'trialing', test_clock: clock.id, start_date: frozen });
		expect(sub.trial_end).toBe(frozen + 7 * 86_400);
		await advance(clock.id, frozen + 8 * 86_400);
		const renewed = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
		expect(renewed.status).toBe('active');
		expect(renewed.items.data[0]?.current_period_start).toBe(sub.trial_end);
		const invoice = renewed.latest_invoice as Stripe.Invoice;
		expect(invoice).toMatchObject({
			status: 'paid',
			amount_paid: 2500,
			billing_reason: 'subscription_cycle'
		});
		const events = (await stripe.events.list({ limit: 100 })).data.reverse();
		const mine = events.filter((e) =>
			[sub.id, invoice.id].includes((e.data.object as { id?: string }).id ?? '')
		);
		const position = (match: (e: Stripe.Event) => boolean) => mine.findIndex(match);
		const warned = position((e) => e.type === 'customer.subscription.trial_will_end');
		const trialEnded = position(
			(e) =>
				e.type === 'customer.subscription.updated' &&
				(e.data.previous_attributes as { status?: string } | undefined)?.status === 'trialing'
		);
		const paid = position((e) => e.type === 'invoice.paid');
		expect(warned).toBeGreaterThanOrEqual(0);
		expect(trialEnded).toBeGreaterThan(warned);
		expect(paid).toBeGreaterThan(trialEnded);
		await stripe.testHelpers.testClocks.del(clock.id);
	});

	test('test clocks: a period anchored on Jan 31 renews on Feb 28, Mar 31, Apr 30', async () => {
		const frozen = Math.floor(Date.UTC(2027, 0, 31, 12) / 1000);
		const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
		const customer = await stripe.customers.create({
			test_clock: clock.id,
			payment_method: 'pm_card_visa',
			invoice_settings: { default_payment_method: 'pm_card_visa' }
		});
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 1000,
			recurring: { interval: 'month' },
			product_data: { name: 'Anchored' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }]
		});
		const day = (t: number | undefined) => new Date((t ?? 0) * 1000).toISOString().slice(0, 10);
		expect(day(sub.billing_cycle_anchor)).toBe('2027-01-31');
		const ends: string[] = [];
		for (const [month, date] of [
			[1, 28],
			[2, 31],
			[3, 30]
		] as const) {
			await advance(clock.id, Math.floor(Date.UTC(2027, month, date, 13) / 1000));
			const current = await stripe.subscriptions.retrieve(sub.id);
			ends.push(day(current.items.data[0]?.current_period_start));
		}
		expect(ends).toEqual(['2027-02-28', '2027-03-31', '2027-04-30']);
		await stripe.testHelpers.testClocks.del(clock.id);
	});

	test('billing portal sessions return a URL for the customer', async () => {
		const customer = await stripe.customers.create({ email: 'portal@example.com' });
		const session = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			return_url: 'https://shop.example/account'
		});
		expect(session.customer).toBe(customer.id);
		expect(session.url).toMatch(/^https?:\/\//);
	});
});
