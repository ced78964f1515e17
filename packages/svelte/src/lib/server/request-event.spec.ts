// The handlers as SvelteKit calls them: `export const POST: RequestHandler = create…Handler(…)`
// in a `+server.ts` receives a RequestEvent, not a Request.
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from './test/sandbox.js';
import { defineCatalog } from '../pricing/catalog-schema.js';
import { createCheckoutSessionHandler } from './checkout-session.js';
import { memoryInbox } from './inbox.js';
import { createPaymentIntentHandler } from './payment-intent.js';
import { createPortalSessionHandler } from './portal-session.js';
import { createWebhookHandler } from './webhook-handler.js';

const catalog = defineCatalog({
	products: [
		{
			id: 'ebook',
			name: 'The Payments Book',
			prices: [{ sku: 'ebook-usd', currency: 'usd', unitAmount: 1999 }]
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

/**
 * A RequestEvent with every field SvelteKit sets, so a handler that reads the wrong one fails,
 * and the cookies a browser sent.
 */
function requestEvent(request: Request, cookies: Record<string, string> = {}): RequestEvent {
	const span = {} as RequestEvent['tracing']['root'];
	return {
		request,
		url: new URL(request.url),
		params: {},
		// This package's own routes are known to SvelteKit's types; an app's route id is any string.
		route: { id: null },
		cookies: {
			get: (name) => cookies[name],
			getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
			set: () => {},
			delete: () => {},
			serialize: () => ''
		},
		fetch,
		getClientAddress: () => '127.0.0.1',
		locals: {},
		platform: undefined,
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		tracing: { enabled: false, root: span, current: span }
	};
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
	return new Request('https://shop.example/api/payment-intent', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
}

describe('handlers in +server.ts', () => {
	it('creates a PaymentIntent from a RequestEvent, as the README shows', async () => {
		const POST: RequestHandler = createPaymentIntentHandler({ stripe, catalog });
		const response = await POST(requestEvent(post({ items: [{ sku: 'ebook-usd', quantity: 2 }] })));
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ amount: 3998, currency: 'usd' });
	});

	it('answers a cart with an unknown SKU with a 400 JSON error, not a 500', async () => {
		const POST: RequestHandler = createPaymentIntentHandler({ stripe, catalog });
		const response = await POST(requestEvent(post({ items: [{ sku: 'nope', quantity: 1 }] })));
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.json()).toMatchObject({ error: { code: 'unknown_sku' } });
	});

	it('still accepts a plain Request', async () => {
		const handler = createPaymentIntentHandler({ stripe, catalog });
		const response = await handler(post({ items: [{ sku: 'nope', quantity: 1 }] }));
		expect(response.status).toBe(400);
	});

	it('starts a Checkout Session from a RequestEvent', async () => {
		const POST: RequestHandler = createCheckoutSessionHandler({
			stripe,
			catalog,
			successUrl: 'https://shop.example/thanks'
		});
		const response = await POST(requestEvent(post({ items: [{ sku: 'ebook-usd', quantity: 1 }] })));
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ url: expect.stringMatching(/^http/) });
	});

	it('hands resolveOrder and onCreated the RequestEvent, cookies included', async () => {
		const POST: RequestHandler = createPaymentIntentHandler({
			stripe,
			catalog,
			resolveOrder: ({ event }) => ({ orderId: event.cookies.get('order') ?? 'no-cookie' }),
			onCreated: ({ event, orderId }) => ({ orderId, path: event.url.pathname })
		});
		const request = post({ items: [{ sku: 'ebook-usd', quantity: 1 }] });
		const response = await POST(requestEvent(request, { order: 'order_from_cookie' }));
		expect(await response.json()).toMatchObject({
			orderId: 'order_from_cookie',
			path: '/api/payment-intent'
		});
	});

	it('hands the portal hooks the RequestEvent: signed out, then signed in', async () => {
		const customer = await stripe.customers.create({ email: 'event@example.com' });
		const create = vi.spyOn(stripe.billingPortal.sessions, 'create');
		const POST: RequestHandler = createPortalSessionHandler({
			stripe,
			getCustomerId: ({ cookies }) => cookies.get('customer') ?? null,
			returnUrl: ({ url }) => new URL('/account', url).href
		});
		const signedOut = await POST(requestEvent(post({})));
		expect(signedOut.status).toBe(401);

		const signedIn = await POST(requestEvent(post({}), { customer: customer.id }));
		expect(signedIn.status).toBe(200);
		expect(await signedIn.json()).toMatchObject({ url: expect.stringMatching(/^http/) });
		expect(create).toHaveBeenCalledTimes(1);
		expect(create).toHaveBeenCalledWith({
			customer: customer.id,
			return_url: 'https://shop.example/account'
		});
		create.mockRestore();
	});

	it('verifies a webhook from a RequestEvent', async () => {
		const secret = 'whsec_request_event';
		const POST: RequestHandler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox: memoryInbox(),
			on: { 'payment_intent.succeeded': () => {} }
		});
		const payload = JSON.stringify({
			id: 'evt_event_1',
			object: 'event',
			type: 'payment_intent.succeeded',
			data: { object: { id: 'pi_1', object: 'payment_intent' } }
		});
		const signature = stripe.webhooks.generateTestHeaderString({ payload, secret });
		const request = new Request('https://shop.example/stripe/webhook', {
			method: 'POST',
			headers: { 'stripe-signature': signature },
			body: payload
		});
		const response = await POST(requestEvent(request));
		expect(response.status).toBe(200);
		expect(response.headers.get('x-webhook-result')).toBe('handled');
	});

	it('types a mistake as an error for svelte-check', () => {
		// @ts-expect-error the factory, not a handler: forgot to call it with options
		const POST: RequestHandler = createPaymentIntentHandler;
		// @ts-expect-error a required option is missing
		const GET: RequestHandler = createPaymentIntentHandler({ stripe });
		const PUT: RequestHandler = createPortalSessionHandler({
			stripe,
			// @ts-expect-error the hook receives the RequestEvent, not a bare Request
			getCustomerId: (request: Request) => request.headers.get('x-customer'),
			returnUrl: '/account'
		});
		const plain = createPortalSessionHandler({
			stripe,
			// @ts-expect-error unannotated, the hooks see only `{ request }`: no cookies to read
			getCustomerId: (event) => event.cookies.get('customer'),
			returnUrl: '/account'
		});
		const kit = createPortalSessionHandler<RequestEvent>({
			stripe,
			getCustomerId: ({ locals }) => (Object.keys(locals).length > 0 ? 'cus_1' : null),
			returnUrl: '/account'
		});
		// @ts-expect-error hooks that read the RequestEvent cannot be handed a plain Request
		const misuse = () => kit(post({}));
		const handlers = [POST, GET, PUT, plain, kit, misuse];
		expect(handlers.every((handler) => typeof handler === 'function')).toBe(true);
	});
});
