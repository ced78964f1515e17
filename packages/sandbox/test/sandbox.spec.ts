/**
 * Behaviour only the sandbox has (there is no equivalent call on real Stripe): webhook delivery
 * to a local endpoint, the test clock, the hosted pages, reset and the HTTP control API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const SECRET = 'whsec_contract_test_secret';
const DAY = 86_400;

interface Receiver {
	url: string;
	events: Stripe.Event[];
	/** Answers to give before succeeding: a status code, or 'drop' to cut the connection. */
	failures: Array<number | 'drop'>;
	attempts: number;
	server: Server;
}

/** A webhook endpoint that verifies every delivery with the SDK, as a merchant's server would. */
async function startReceiver(verifier: Stripe): Promise<Receiver> {
	const receiver: Receiver = {
		url: '',
		events: [],
		failures: [],
		attempts: 0,
		server: createServer()
	};
	receiver.server.on('request', (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			receiver.attempts++;
			const failure = receiver.failures.shift();
			if (failure === 'drop') return req.socket.destroy();
			if (failure !== undefined) return res.writeHead(failure).end();
			try {
				const event = verifier.webhooks.constructEvent(
					Buffer.concat(chunks).toString('utf8'),
					String(req.headers['stripe-signature']),
					SECRET
				);
				receiver.events.push(event);
				res.writeHead(200).end();
			} catch {
				res.writeHead(400).end();
			}
		});
	});
	await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/webhooks`;
	return receiver;
}

let sandbox: Sandbox;
let stripe: Stripe;
let receiver: Receiver;

beforeAll(async () => {
	const verifier = new Stripe('sk_test_verifier_only');
	receiver = await startReceiver(verifier);
	sandbox = await startSandbox({ port: 0, webhooks: [{ url: receiver.url, secret: SECRET }] });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});

afterAll(async () => {
	await sandbox.stop();
	await new Promise((resolve) => receiver.server.close(resolve));
});

beforeEach(async () => {
	sandbox.reset();
	receiver.events.length = 0;
	receiver.failures.length = 0;
	receiver.attempts = 0;
});

const types = (): string[] => receiver.events.map((e) => e.type);

async function subscribedCustomer(
	card = 'pm_card_visa'
): Promise<{ customer: Stripe.Customer; price: Stripe.Price }> {
	const customer = await stripe.customers.create({
		email: 'clock@example.com',
		payment_method: card,
		invoice_settings: { default_payment_method: card }
	});
	const price = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 1900,
		recurring: { interval: 'month' },
		product_data: { name: 'Pro' }
	});
	return { customer, price };
}

describe('webhooks', () => {
	test('every state change reaches the endpoint, signed so constructEvent verifies it', async () => {
		const pi = await stripe.paymentIntents.create({
			amount: 2000,
			currency: 'usd',
			payment_method: 'pm_card_visa',
			confirm: true
		});
		await stripe.refunds.create({ payment_intent: pi.id });
		await sandbox.webhooksIdle();
		expect(types()).toEqual(
			expect.arrayContaining([
				'payment_intent.created',
				'charge.succeeded',
				'payment_intent.succeeded',
				'refund.created',
				'charge.refunded'
			])
		);
		const succeeded = receiver.events.find((e) => e.type === 'payment_intent.succeeded');
		expect((succeeded?.data.object as Stripe.PaymentIntent).id).toBe(pi.id);
	});

	test('a failed payment emits payment_intent.payment_failed and charge.failed', async () => {
		await expect(
			stripe.paymentIntents.create({
				amount: 2000,
				currency: 'usd',
				payment_method: 'pm_card_chargeDeclined',
				confirm: true
			})
		).rejects.toMatchObject({ code: 'card_declined' });
		await sandbox.webhooksIdle();
		expect(types()).toEqual(
			expect.arrayContaining(['charge.failed', 'payment_intent.payment_failed'])
		);
	});

	test('a non-2xx answer and a dropped connection are retried until delivered', async () => {
		receiver.failures.push(500, 'drop');
		await stripe.customers.create({ email: 'retry@example.com' });
		await sandbox.webhooksIdle();
		expect(receiver.attempts).toBe(3);
		expect(types()).toEqual(['customer.created']);
	});

	test('a wrong secret fails verification (the signature really is checked)', () => {
		const payload = JSON.stringify({ id: 'evt_1', object: 'event' });
		const verifier = new Stripe('sk_test_verifier_only');
		const header = verifier.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
		expect(() => verifier.webhooks.constructEvent(payload, header, SECRET)).toThrow();
	});
});

describe('bank debits (processing)', () => {
	const sepa = (iban: string) =>
		stripe.paymentMethods.create({
			type: 'sepa_debit',
			sepa_debit: { iban },
			billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' }
		});
	const mandate = { customer_acceptance: { type: 'offline' as const } };

	test('a SEPA debit is processing until the bank answers, then succeeds', async () => {
		const pm = await sepa('DE89370400440532013000');
		const pi = await stripe.paymentIntents.create({
			amount: 2500,
			currency: 'eur',
			payment_method: pm.id,
			confirm: true,
			mandate_data: mandate
		});
		expect(pi.status).toBe('processing');
		expect((await stripe.charges.retrieve(String(pi.latest_charge))).status).toBe('pending');
		sandbox.clock.advance(180);
		expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
		await sandbox.webhooksIdle();
		expect(types()).toEqual(
			expect.arrayContaining([
				'payment_intent.processing',
				'charge.pending',
				'charge.succeeded',
				'payment_intent.succeeded'
			])
		);
	});

	test("Stripe's failing test IBAN goes from processing back to requires_payment_method", async () => {
		const pm = await sepa('DE62370400440532013001');
		const pi = await stripe.paymentIntents.create({
			amount: 2500,
			currency: 'eur',
			payment_method: pm.id,
			confirm: true,
			mandate_data: mandate
		});
		expect(pi.status).toBe('processing');
		sandbox.clock.advance(180);
		const failed = await stripe.paymentIntents.retrieve(pi.id);
		expect(failed.status).toBe('requires_payment_method');
		expect(failed.last_payment_error?.payment_method_type).toBe('sepa_debit');
	});

	test('an invalid IBAN, a missing account holder and a non-euro intent are refused', async () => {
		await expect(sepa('DE89370400440532013999')).rejects.toMatchObject({
			param: 'sepa_debit[iban]'
		});
		await expect(
			stripe.paymentMethods.create({
				type: 'sepa_debit',
				sepa_debit: { iban: 'DE89370400440532013000' }
			})
		).rejects.toMatchObject({ code: 'parameter_missing' });
		const pm = await sepa('DE89370400440532013000');
		await expect(
			stripe.paymentIntents.create({
				amount: 2500,
				currency: 'usd',
				payment_method: pm.id,
				confirm: true
			})
		).rejects.toMatchObject({ statusCode: 400 });
	});
});

describe('test clock', () => {
	test('advancing a month renews the subscription with a paid invoice', async () => {
		const { customer, price } = await subscribedCustomer();
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }]
		});
		const firstEnd = sub.items.data[0]?.current_period_end ?? 0;
		sandbox.clock.advance(32 * DAY);
		const renewed = await stripe.subscriptions.retrieve(sub.id);
		expect(renewed.status).toBe('active');
		expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd);
		const invoices = await stripe.invoices.list({ subscription: sub.id });
		expect(invoices.data.map((i) => [i.billing_reason, i.status])).toEqual([
			['subscription_cycle', 'paid'],
			['subscription_create', 'paid']
		]);
		await sandbox.webhooksIdle();
		expect(types()).toEqual(
			expect.arrayContaining([
				'customer.subscription.created',
				'invoice.paid',
				'customer.subscription.updated'
			])
		);
	});

	test('a declined renewal makes the subscription past_due and emits invoice.payment_failed', async () => {
		const { customer, price } = await subscribedCustomer();
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }]
		});
		await stripe.customers.update(customer.id, {
			invoice_settings: { default_payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }
		});
		sandbox.clock.advance(32 * DAY);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
		await sandbox.webhooksIdle();
		expect(types()).toContain('invoice.payment_failed');
	});

	test('cancel at period end takes effect when the period ends', async () => {
		const { customer, price } = await subscribedCustomer();
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			cancel_at_period_end: true
		});
		sandbox.clock.advance(32 * DAY);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
		await sandbox.webhooksIdle();
		expect(types()).toContain('customer.subscription.deleted');
	});

	test('a trial ends into a paid, active subscription', async () => {
		const { customer, price } = await subscribedCustomer();
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			trial_period_days: 7
		});
		expect(sub.status).toBe('trialing');
		sandbox.clock.advance(8 * DAY);
		expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
		await sandbox.webhooksIdle();
		expect(types()).toContain('customer.subscription.trial_will_end');
	});

	test('checkout sessions expire after 24 hours', async () => {
		const session = await stripe.checkout.sessions.create({
			mode: 'payment',
			line_items: [
				{
					price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Kit' } },
					quantity: 1
				}
			],
			success_url: 'https://shop.example/ok'
		});
		sandbox.clock.advance(DAY + 1);
		expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
	});
});

async function submitForm(url: string, fields: Record<string, string>): Promise<Response> {
	return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

describe('hosted pages', () => {
	test('hosted checkout: paying with 4242 completes the session and redirects to success_url', async () => {
		const session = await stripe.checkout.sessions.create({
			mode: 'payment',
			line_items: [
				{
					price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Kit' } },
					quantity: 1
				}
			],
			success_url: 'https://shop.example/ok?session={CHECKOUT_SESSION_ID}'
		});
		const page = await fetch(String(session.url));
		expect(await page.text()).toContain('<label for="number">Card number</label>');
		const paid = await submitForm(String(session.url), {
			email: 'buyer@example.com',
			number: '4242 4242 4242 4242',
			expiry: '12 / 34',
			cvc: '123'
		});
		expect(paid.status).toBe(303);
		expect(paid.headers.get('location')).toBe(`https://shop.example/ok?session=${session.id}`);
		const done = await stripe.checkout.sessions.retrieve(session.id, {
			expand: ['payment_intent']
		});
		expect(done).toMatchObject({
			status: 'complete',
			payment_status: 'paid',
			customer_details: { email: 'buyer@example.com' }
		});
		expect((done.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
		await sandbox.webhooksIdle();
		expect(types()).toContain('checkout.session.completed');
	});

	test('hosted checkout: a declined card shows the reason and keeps the session open', async () => {
		const session = await stripe.checkout.sessions.create({
			mode: 'payment',
			line_items: [
				{ price_data: { currency: 'usd', unit_amount: 2500, product_data: { name: 'Kit' } } }
			],
			success_url: 'https://shop.example/ok'
		});
		const declined = await submitForm(String(session.url), {
			email: 'b@example.com',
			number: '4000 0000 0000 9995',
			expiry: '12 / 34',
			cvc: '123'
		});
		expect(declined.status).toBe(402);
		expect(await declined.text()).toContain('role="alert">Your card has insufficient funds.');
		expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
	});

	test('hosted checkout in subscription mode, through the 3-D Secure challenge', async () => {
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 1900,
			recurring: { interval: 'month' },
			product_data: { name: 'Pro' }
		});
		const session = await stripe.checkout.sessions.create({
			mode: 'subscription',
			line_items: [{ price: price.id, quantity: 1 }],
			success_url: 'https://shop.example/welcome'
		});
		const paid = await submitForm(String(session.url), {
			email: 'sub@example.com',
			number: '4000002760003184',
			expiry: '1234',
			cvc: '123'
		});
		expect(paid.status).toBe(303);
		const challenge = new URL(String(paid.headers.get('location')));
		expect(challenge.pathname).toMatch(/^\/3ds\/pi_/);
		const answered = await submitForm(challenge.toString(), {
			...Object.fromEntries(challenge.searchParams),
			action: 'complete'
		});
		const back = await fetch(String(answered.headers.get('location')), { redirect: 'manual' });
		expect(back.headers.get('location')).toBe('https://shop.example/welcome');
		const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
		expect(done.status).toBe('complete');
		expect((done.subscription as Stripe.Subscription).status).toBe('active');
	});

	test('portal page changes the plan and cancels at period end', async () => {
		const { customer, price } = await subscribedCustomer();
		const yearly = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 19000,
			recurring: { interval: 'year' },
			product_data: { name: 'Pro yearly' }
		});
		const sub = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }]
		});
		const portal = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			return_url: 'https://shop.example/account'
		});
		expect(await (await fetch(portal.url)).text()).toContain('Update plan');
		const switched = await submitForm(portal.url, {
			action: 'switch',
			subscription: sub.id,
			price: yearly.id
		});
		expect(await switched.text()).toContain('Plan updated.');
		expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(yearly.id);
		await submitForm(portal.url, { action: 'cancel', subscription: sub.id });
		expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
	});

	test('the stand-in script and the element frames answer with CORS headers', async () => {
		const script = await fetch(sandbox.stripeJsUrl);
		expect(script.headers.get('access-control-allow-origin')).toBe('*');
		expect(await script.text()).toContain('Stripe.version = version');
		const frame = await fetch(`${sandbox.url}/elements/payment`);
		expect(await frame.text()).toContain('Security code');
	});
});

describe('control API and reset', () => {
	const control = (path: string, body?: unknown, key = sandbox.secretKey) =>
		fetch(`${sandbox.url}${path}`, {
			method: body === undefined ? 'GET' : 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			...(body === undefined ? {} : { body: JSON.stringify(body) })
		});

	test('health, clock and reset work over HTTP with the secret key only', async () => {
		expect((await control('/_sandbox/health')).status).toBe(200);
		expect((await control('/_sandbox/health', undefined, sandbox.publishableKey)).status).toBe(401);
		const before = sandbox.clock.now();
		const advanced = (await (
			await control('/_sandbox/clock/advance', { seconds: 3600 })
		).json()) as { now: number };
		expect(advanced.now).toBeGreaterThanOrEqual(before + 3600);
		expect((await control('/_sandbox/clock/advance', { seconds: -5 })).status).toBe(400);
		const customer = await stripe.customers.create({ email: 'gone@example.com' });
		expect((await control('/_sandbox/reset', {})).status).toBe(200);
		await expect(stripe.customers.retrieve(customer.id)).rejects.toMatchObject({
			code: 'resource_missing'
		});
		expect(sandbox.clock.now()).toBeLessThan(before + 3600);
	});

	test('webhook endpoints can be added over HTTP, validated', async () => {
		expect(
			(await control('/_sandbox/webhooks', { url: 'not a url', secret: 'whsec_x' })).status
		).toBe(400);
		const second = await startReceiver(new Stripe('sk_test_verifier_only'));
		expect((await control('/_sandbox/webhooks', { url: second.url, secret: SECRET })).status).toBe(
			200
		);
		await stripe.customers.create({ email: 'two@example.com' });
		await sandbox.webhooksIdle();
		expect(second.events.map((e) => e.type)).toEqual(['customer.created']);
		await new Promise((resolve) => second.server.close(resolve));
	});

	test('answers only its own keys unless started with anyKey', async () => {
		const other = (key: string, config = sandbox.stripeConfig) =>
			new Stripe(key, { ...config, maxNetworkRetries: 0 });
		await expect(other('sk_test_someone_else_1234').customers.list()).rejects.toMatchObject({
			statusCode: 401,
			raw: { message: 'Invalid API Key provided: sk_test_*************1234' }
		});
		await expect(
			other('pk_test_someone_else_1234').paymentIntents.retrieve('pi_x')
		).rejects.toMatchObject({
			statusCode: 401
		});
		const lenient = await startSandbox({ port: 0, anyKey: true });
		try {
			const list = await other('sk_test_anything', lenient.stripeConfig).customers.list();
			expect(list.data).toEqual([]);
		} finally {
			await lenient.stop();
		}
	});

	test('payment_method_types is accepted from clients pinned to an API version before its rename', async () => {
		const older = new Stripe(sandbox.secretKey, {
			...sandbox.stripeConfig,
			apiVersion: '2025-03-31.basil' as Stripe.LatestApiVersion,
			maxNetworkRetries: 0
		});
		const pi = await older.paymentIntents.create({
			amount: 1000,
			currency: 'eur',
			payment_method_types: ['card', 'sepa_debit']
		} as Stripe.PaymentIntentCreateParams);
		expect(pi.payment_method_types).toEqual(['card', 'sepa_debit']);
		expect(pi.automatic_payment_methods).toBeNull();
	});

	test('records the Stripe-Version each request sent', async () => {
		const pinned = new Stripe(sandbox.secretKey, {
			...sandbox.stripeConfig,
			apiVersion: '2025-03-31.basil' as Stripe.LatestApiVersion,
			maxNetworkRetries: 0
		});
		const customer = await pinned.customers.create({ email: 'version@example.com' });
		const [last] = sandbox.requests();
		expect(last).toMatchObject({
			method: 'POST',
			path: '/v1/customers',
			status: 200,
			stripe_version: '2025-03-31.basil'
		});
		expect(customer.lastResponse.headers['stripe-version']).toBe('2025-03-31.basil');
		const log = (await (await control('/_sandbox/requests')).json()) as {
			data: Array<{ stripe_version: string | null }>;
		};
		expect(log.data[0]?.stripe_version).toBe('2025-03-31.basil');
	});

	test('publishable keys may only confirm with the client secret', async () => {
		const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
		const asBrowser = new Stripe(sandbox.publishableKey, {
			...sandbox.stripeConfig,
			maxNetworkRetries: 0
		});
		// A publishable key used where a secret key is needed is refused as Stripe refuses it.
		await expect(asBrowser.customers.list()).rejects.toMatchObject({
			type: 'StripePermissionError',
			statusCode: 403,
			raw: {
				message: expect.stringContaining('cannot be made with a publishable API key')
			}
		});
		await expect(
			asBrowser.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
		).rejects.toMatchObject({ code: 'resource_missing' });
		const confirmed = await asBrowser.paymentIntents.confirm(pi.id, {
			payment_method: 'pm_card_visa',
			client_secret: pi.client_secret
		} as Stripe.PaymentIntentConfirmParams);
		expect(confirmed.status).toBe('succeeded');
	});
});
