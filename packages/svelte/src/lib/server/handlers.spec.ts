// The payment handlers through the real `stripe` SDK against @nobs-pay/sandbox, an offline,
// stateful Stripe: the same code path as production, minus the network.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from './test/sandbox.js';
import { defineCatalog } from '../pricing/catalog-schema.js';
import { createCheckoutSessionHandler } from './checkout-session.js';
import { HttpError } from './http.js';
import { createPaymentIntentHandler } from './payment-intent.js';
import { createPortalSessionHandler } from './portal-session.js';

const catalog = defineCatalog({
	products: [
		{
			id: 'ebook',
			name: 'The Payments Book',
			prices: [
				{ sku: 'ebook-usd', currency: 'usd', unitAmount: 1999, maxQuantity: 5 },
				{ sku: 'ebook-jpy', currency: 'jpy', unitAmount: 2500 }
			]
		},
		{
			id: 'pro',
			name: 'Pro plan',
			prices: [
				{
					sku: 'pro-monthly',
					currency: 'usd',
					unitAmount: 2900,
					recurring: { interval: 'month', trialDays: 14 }
				}
			]
		}
	]
});

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

function post(body: unknown): Request {
	return new Request('https://shop.example/api/pay', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

const cartId = 'cart_0123456789abcdef';

interface Created {
	clientSecret: string;
	amount: number;
	currency: string;
	[extra: string]: unknown;
}

interface Failed {
	error: { code: string; message: string };
}

function intentId(clientSecret: string): string {
	return clientSecret.slice(0, clientSecret.indexOf('_secret_'));
}

describe('createPaymentIntentHandler', () => {
	it('creates a PaymentIntent for the catalog total, tied to the order', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog, metadata: { shop: 'demo' } });
		const response = await handler(post({ items: [{ sku: 'ebook-usd', quantity: 2 }], cartId }));
		expect(response.status).toBe(200);
		const body = (await response.json()) as Created;
		expect(body).toMatchObject({ amount: 3998, currency: 'usd' });

		const intent = await stripe.paymentIntents.retrieve(intentId(body.clientSecret));
		expect(intent.client_secret).toBe(body.clientSecret);
		expect(intent.amount).toBe(3998);
		expect(intent.currency).toBe('usd');
		expect(intent.metadata).toMatchObject({
			shop: 'demo',
			nobs_order_id: cartId,
			nobs_items: 'ebook-usdx2'
		});
		expect(intent.automatic_payment_methods?.enabled).toBe(true);
	});

	it('charges the catalog price whatever amounts the body claims', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const response = await handler(
			post({
				items: [{ sku: 'ebook-usd', quantity: 1, unitAmount: 1, amount: 1 }],
				amount: 1,
				currency: 'jpy',
				cartId: 'cart_tampered_000000'
			})
		);
		const body = (await response.json()) as Created;
		expect(body).toMatchObject({ amount: 1999, currency: 'usd' });
		const intent = await stripe.paymentIntents.retrieve(intentId(body.clientSecret));
		expect([intent.amount, intent.currency]).toEqual([1999, 'usd']);
	});

	it('prices zero-decimal carts in whole yen', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const response = await handler(
			post({ items: [{ sku: 'ebook-jpy', quantity: 3 }], cartId: 'cart_yen_0000000000' })
		);
		expect(await response.json()).toMatchObject({ amount: 7500, currency: 'jpy' });
	});

	it('returns the same PaymentIntent for a retried request and a new one for a changed cart', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const id = 'cart_retry_000000000';
		const first = (await (
			await handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }], cartId: id }))
		).json()) as Created;
		const retry = (await (
			await handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }], cartId: id }))
		).json()) as Created;
		const changed = (await (
			await handler(post({ items: [{ sku: 'ebook-usd', quantity: 2 }], cartId: id }))
		).json()) as Created;
		expect(retry.clientSecret).toBe(first.clientSecret);
		expect(changed.clientSecret).not.toBe(first.clientSecret);
		expect(changed.amount).toBe(3998);
	});

	it('limits payment methods to cards when automaticPaymentMethods is off', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog, automaticPaymentMethods: false });
		const response = await handler(
			post({ items: [{ sku: 'ebook-usd', quantity: 1 }], cartId: 'cart_cards_only_0000' })
		);
		const body = (await response.json()) as Created;
		const intent = await stripe.paymentIntents.retrieve(intentId(body.clientSecret));
		expect(intent.allowed_payment_method_types).toEqual(['card']);
		expect(intent.automatic_payment_methods?.enabled ?? false).toBe(false);
	});

	it('never shares a PaymentIntent between requests that send no cartId', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const request = () => post({ items: [{ sku: 'ebook-usd', quantity: 1 }] });
		const first = (await (await handler(request())).json()) as Created;
		const second = (await (await handler(request())).json()) as Created;
		expect(first.amount).toBe(1999);
		expect(second.clientSecret).not.toBe(first.clientSecret);
		const intent = await stripe.paymentIntents.retrieve(intentId(first.clientSecret));
		expect(intent.metadata.nobs_order_id).toMatch(/^cart_[0-9a-f-]{36}$/);
	});

	it('takes the order from resolveOrder and adds what onCreated returns', async () => {
		const handler = createPaymentIntentHandler({
			stripe,
			catalog,
			resolveOrder: ({ cart }) => ({
				orderId: `order_${cart.amount}`,
				metadata: { nobs_order_id: 'overwritten?', channel: 'web' }
			}),
			onCreated: ({ orderId, paymentIntent }) => ({
				orderId,
				paymentIntentId: paymentIntent.id,
				amount: 1
			})
		});
		// No cartId needed: the app knows the order.
		const response = await handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }] }));
		const body = (await response.json()) as Created;
		expect(body.orderId).toBe('order_1999');
		// onCreated cannot change what the browser charges.
		expect(body.amount).toBe(1999);
		const intent = await stripe.paymentIntents.retrieve(body.paymentIntentId as string);
		expect(intent.metadata).toMatchObject({ nobs_order_id: 'order_1999', channel: 'web' });
	});

	it('lets an error thrown by resolveOrder through, so SvelteKit can answer it', async () => {
		const unauthorized = new Error('401: sign in first');
		const handler = createPaymentIntentHandler({
			stripe,
			catalog,
			resolveOrder: () => {
				throw unauthorized;
			}
		});
		await expect(handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }] }))).rejects.toBe(
			unauthorized
		);
	});

	it('hands resolveOrder the raw body and answers an HttpError it throws', async () => {
		const seen: unknown[] = [];
		const handler = createPaymentIntentHandler({
			stripe,
			catalog,
			resolveOrder: ({ body }) => {
				seen.push(body);
				throw new HttpError(400, 'invalid_email', 'Enter a valid email address.');
			}
		});
		const response = await handler(
			post({ items: [{ sku: 'ebook-usd', quantity: 1 }], email: 'not-an-email' })
		);
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error: { code: 'invalid_email', message: 'Enter a valid email address.' }
		});
		expect(seen).toEqual([{ items: [{ sku: 'ebook-usd', quantity: 1 }], email: 'not-an-email' }]);
	});

	it.each([
		['invalid_json', '{"items": [', 400],
		['invalid_body', { items: 'ebook-usd', cartId }, 400],
		['invalid_body', { items: [{ sku: 'ebook-usd', quantity: '1' }], cartId }, 400],
		['empty_cart', { items: [], cartId }, 400],
		['unknown_sku', { items: [{ sku: 'ebook-gbp', quantity: 1 }], cartId }, 400],
		['invalid_quantity', { items: [{ sku: 'ebook-usd', quantity: -1 }], cartId }, 400],
		['quantity_limit', { items: [{ sku: 'ebook-usd', quantity: 6 }], cartId }, 400],
		['recurring_in_payment', { items: [{ sku: 'pro-monthly', quantity: 1 }], cartId }, 400],
		['invalid_body', { items: [{ sku: 'ebook-usd', quantity: 1 }], cartId: 'short' }, 400],
		['body_too_large', { items: [], cartId, padding: 'x'.repeat(70_000) }, 413]
	])('answers %s for bad input (%#)', async (code, body, status) => {
		const create = vi.spyOn(stripe.paymentIntents, 'create');
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const response = await handler(post(body));
		expect(response.status).toBe(status);
		expect(((await response.json()) as Failed).error.code).toBe(code);
		expect(create).not.toHaveBeenCalled();
		create.mockRestore();
	});

	it('answers 502 with a safe message when Stripe refuses, and reports the real error', async () => {
		const onError = vi.fn();
		const handler = createPaymentIntentHandler({
			stripe,
			catalog,
			onError,
			resolveOrder: () => ({ orderId: 'order_missing_customer', customer: 'cus_doesnotexist' })
		});
		const response = await handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }] }));
		expect(response.status).toBe(502);
		const text = await response.text();
		expect(JSON.parse(text)).toEqual({
			error: {
				code: 'payment_provider_error',
				message: 'The payment provider could not be reached. Please try again.'
			}
		});
		expect(text).not.toContain('cus_doesnotexist');
		expect(text).not.toContain(sandbox.secretKey);
		expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'resource_missing' }));
	});

	it('answers 502 when Stripe cannot be reached', async () => {
		const offline = new Stripe('sk_test_offline', {
			host: '127.0.0.1',
			port: 9,
			protocol: 'http',
			maxNetworkRetries: 0
		});
		const handler = createPaymentIntentHandler({ stripe: offline, catalog });
		const response = await handler(post({ items: [{ sku: 'ebook-usd', quantity: 1 }], cartId }));
		expect(response.status).toBe(502);
	});
});

describe('createCheckoutSessionHandler', () => {
	interface SessionBody {
		id: string;
		url?: string;
		clientSecret?: string;
		amount: number;
	}

	it('starts a hosted payment session priced from the catalog', async () => {
		const create = vi.spyOn(stripe.checkout.sessions, 'create');
		const handler = createCheckoutSessionHandler({
			stripe,
			catalog,
			successUrl: 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
			cancelUrl: 'https://shop.example/cart'
		});
		const response = await handler(
			post({ items: [{ sku: 'ebook-usd', quantity: 2, unitAmount: 1 }], cartId })
		);
		expect(response.status).toBe(200);
		const body = (await response.json()) as SessionBody;
		expect(body.url).toMatch(/^http/);
		expect(body.amount).toBe(3998);

		const session = await stripe.checkout.sessions.retrieve(body.id);
		expect(session.mode).toBe('payment');
		expect(session.ui_mode).toBe('hosted_page');
		expect(session.amount_total).toBe(3998);
		expect(session.metadata).toMatchObject({ nobs_order_id: cartId });
		expect(session.client_reference_id).toBe(cartId);
		// Copied to the PaymentIntent the session creates, so its webhooks name the order too.
		expect(create.mock.calls[0]?.[0]?.payment_intent_data?.metadata).toMatchObject({
			nobs_order_id: cartId
		});
		create.mockRestore();
	});

	it('starts an embedded subscription session with the trial from the catalog', async () => {
		const create = vi.spyOn(stripe.checkout.sessions, 'create');
		const handler = createCheckoutSessionHandler({
			stripe,
			catalog,
			uiMode: 'embedded',
			returnUrl: 'https://shop.example/welcome?session_id={CHECKOUT_SESSION_ID}'
		});
		const response = await handler(
			post({ items: [{ sku: 'pro-monthly', quantity: 1 }], cartId: 'cart_subscription_00' })
		);
		expect(response.status).toBe(200);
		const body = (await response.json()) as SessionBody;
		expect(body.clientSecret).toMatch(/_secret_/);
		expect(body.url).toBeUndefined();
		const session = await stripe.checkout.sessions.retrieve(body.id);
		expect(session.mode).toBe('subscription');
		expect(session.ui_mode).toBe('embedded_page');
		expect(create.mock.calls[0]?.[0]?.subscription_data).toMatchObject({
			trial_period_days: 14,
			metadata: { nobs_order_id: 'cart_subscription_00' }
		});
		create.mockRestore();
	});

	it('uses the Stripe Price id when the catalog has one', async () => {
		const price = await stripe.prices.create({
			currency: 'usd',
			unit_amount: 2900,
			recurring: { interval: 'month' },
			product_data: { name: 'Pro plan' }
		});
		const linked = defineCatalog({
			products: [
				{
					id: 'pro',
					name: 'Pro plan',
					prices: [
						{
							sku: 'pro-monthly',
							currency: 'usd',
							unitAmount: 2900,
							recurring: { interval: 'month' },
							stripePriceId: price.id
						}
					]
				}
			]
		});
		const handler = createCheckoutSessionHandler({
			stripe,
			catalog: linked,
			successUrl: 'https://shop.example/thanks'
		});
		const response = await handler(
			post({ items: [{ sku: 'pro-monthly', quantity: 3 }], cartId: 'cart_linked_price_0' })
		);
		const body = (await response.json()) as SessionBody;
		const items = await stripe.checkout.sessions.listLineItems(body.id);
		expect(items.data.map((item) => [item.price?.id, item.quantity])).toEqual([[price.id, 3]]);
	});

	it('refuses a subscription price in a payment-mode session', async () => {
		const handler = createCheckoutSessionHandler({
			stripe,
			catalog,
			mode: 'payment',
			successUrl: 'https://shop.example/thanks'
		});
		const response = await handler(post({ items: [{ sku: 'pro-monthly', quantity: 1 }], cartId }));
		expect(response.status).toBe(400);
		expect(((await response.json()) as Failed).error.code).toBe('recurring_in_payment');
	});

	it('refuses to start without the URL its ui mode needs', () => {
		expect(() => createCheckoutSessionHandler({ stripe, catalog })).toThrow(/successUrl/);
		expect(() => createCheckoutSessionHandler({ stripe, catalog, uiMode: 'embedded' })).toThrow(
			/returnUrl/
		);
	});
});

describe('createPortalSessionHandler', () => {
	it('answers 401 without a signed-in customer and ignores a customer in the body', async () => {
		const create = vi.spyOn(stripe.billingPortal.sessions, 'create');
		const handler = createPortalSessionHandler({
			stripe,
			getCustomerId: () => null,
			returnUrl: 'https://shop.example/account'
		});
		const response = await handler(post({ customer: 'cus_someone_else' }));
		expect(response.status).toBe(401);
		expect(((await response.json()) as Failed).error.code).toBe('not_signed_in');
		expect(create).not.toHaveBeenCalled();
		create.mockRestore();
	});

	it('opens the portal for the customer the hook names, never the body', async () => {
		const customer = await stripe.customers.create({ email: 'ada@example.com' });
		const create = vi.spyOn(stripe.billingPortal.sessions, 'create');
		const handler = createPortalSessionHandler({
			stripe,
			getCustomerId: async () => customer.id,
			returnUrl: ({ request }) => new URL('/account', request.url).href
		});
		const response = await handler(post({ customer: 'cus_someone_else' }));
		expect(response.status).toBe(200);
		const { url } = (await response.json()) as { url: string };
		expect(url.startsWith(sandbox.url)).toBe(true);
		expect(create).toHaveBeenCalledWith({
			customer: customer.id,
			return_url: 'https://shop.example/account'
		});
		const session = await create.mock.results[0]?.value;
		expect(session).toMatchObject({ customer: customer.id, url });
		create.mockRestore();
	});

	it('answers 502 without Stripe details when the customer does not exist', async () => {
		const onError = vi.fn();
		const handler = createPortalSessionHandler({
			stripe,
			getCustomerId: () => 'cus_deleted_long_ago',
			returnUrl: 'https://shop.example/account',
			onError
		});
		const response = await handler(post({}));
		expect(response.status).toBe(502);
		expect(await response.text()).not.toContain('cus_deleted_long_ago');
		expect(onError).toHaveBeenCalledTimes(1);
	});
});
