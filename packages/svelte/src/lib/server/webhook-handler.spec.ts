import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { memoryInbox } from './inbox.js';
import { createHmac } from 'node:crypto';
import {
	createWebhookHandler,
	webhookCryptoProvider,
	type WebhookHandlers
} from './webhook-handler.js';

const stripe = new Stripe('sk_test_webhook_spec');
const secret = 'whsec_current';
const url = 'https://shop.example/stripe/webhook';

function eventPayload(overrides: { id?: string; type?: string } = {}): string {
	return JSON.stringify({
		id: overrides.id ?? 'evt_1',
		object: 'event',
		type: overrides.type ?? 'payment_intent.succeeded',
		api_version: '2026-10-28.endive',
		created: 1_700_000_000,
		livemode: false,
		pending_webhooks: 1,
		request: { id: null, idempotency_key: null },
		data: { object: { id: 'pi_1', object: 'payment_intent', amount: 4200, currency: 'usd' } }
	});
}

function signedRequest(
	payload: string,
	options: { secret?: string; timestamp?: number; body?: string } = {}
): Request {
	const header = stripe.webhooks.generateTestHeaderString({
		payload,
		secret: options.secret ?? secret,
		timestamp: options.timestamp
	});
	return new Request(url, {
		method: 'POST',
		body: options.body ?? payload,
		headers: { 'stripe-signature': header }
	});
}

function setup(on?: WebhookHandlers, secrets: string | string[] = secret) {
	const succeeded = vi.fn(async (event: Stripe.PaymentIntentSucceededEvent) => {
		// Reads a typed field, so the test also proves the event is narrowed by its type.
		expect(event.data.object.amount).toBe(4200);
	});
	const inbox = memoryInbox();
	const handler = createWebhookHandler({
		stripe,
		secrets,
		inbox,
		on: on ?? { 'payment_intent.succeeded': succeeded }
	});
	return { handler, inbox, succeeded };
}

async function errorCode(response: Response): Promise<string> {
	const body = (await response.json()) as { error: { code: string } };
	return body.error.code;
}

describe('createWebhookHandler', () => {
	it('runs the handler for a validly signed event and answers 200', async () => {
		const { handler, succeeded } = setup();
		const response = await handler(signedRequest(eventPayload()));
		expect(response.status).toBe(200);
		expect(response.headers.get('x-webhook-result')).toBe('handled');
		expect(succeeded).toHaveBeenCalledTimes(1);
		expect(succeeded.mock.calls[0]?.[0].id).toBe('evt_1');
	});

	it('answers 400 and runs nothing when the body was tampered with', async () => {
		const { handler, succeeded } = setup();
		const tampered = eventPayload().replace('4200', '1');
		const response = await handler(signedRequest(eventPayload(), { body: tampered }));
		expect(response.status).toBe(400);
		expect(await errorCode(response)).toBe('invalid_signature');
		expect(succeeded).not.toHaveBeenCalled();
	});

	it('answers 400 for a signature made with another secret', async () => {
		const { handler, succeeded } = setup();
		const response = await handler(signedRequest(eventPayload(), { secret: 'whsec_attacker' }));
		expect(response.status).toBe(400);
		expect(succeeded).not.toHaveBeenCalled();
	});

	it('answers 400 for a timestamp older than the tolerance', async () => {
		const { handler, succeeded } = setup();
		const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
		const response = await handler(signedRequest(eventPayload(), { timestamp: sixMinutesAgo }));
		expect(response.status).toBe(400);
		expect(succeeded).not.toHaveBeenCalled();
	});

	it('accepts a timestamp inside the tolerance', async () => {
		const { handler } = setup();
		const fourMinutesAgo = Math.floor(Date.now() / 1000) - 240;
		const response = await handler(signedRequest(eventPayload(), { timestamp: fourMinutesAgo }));
		expect(response.status).toBe(200);
	});

	it('honours a custom tolerance', async () => {
		const handler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox: memoryInbox(),
			tolerance: 60,
			on: { 'payment_intent.succeeded': async () => {} }
		});
		const now = Math.floor(Date.now() / 1000);
		const fresh = await handler(
			signedRequest(eventPayload({ id: 'evt_a' }), { timestamp: now - 30 })
		);
		const stale = await handler(
			signedRequest(eventPayload({ id: 'evt_b' }), { timestamp: now - 90 })
		);
		expect([fresh.status, stale.status]).toEqual([200, 400]);
	});

	it('answers 400 when the signature header is missing', async () => {
		const { handler } = setup();
		const response = await handler(new Request(url, { method: 'POST', body: eventPayload() }));
		expect(response.status).toBe(400);
		expect(await errorCode(response)).toBe('missing_signature');
	});

	it('answers 200 for event types without a handler and records nothing', async () => {
		const { handler, inbox, succeeded } = setup();
		const payload = eventPayload({ id: 'evt_customer', type: 'customer.created' });
		const response = await handler(signedRequest(payload));
		expect(response.status).toBe(200);
		expect(response.headers.get('x-webhook-result')).toBe('ignored');
		expect(succeeded).not.toHaveBeenCalled();
		// Not recorded: a later claim of the same id is a first claim.
		expect(
			await inbox.claim({ id: 'evt_customer', type: 'customer.created' }, { leaseMs: 1 })
		).toBe('claimed');
	});

	it('never mistakes an Object.prototype member for a handler', async () => {
		const { handler } = setup();
		const response = await handler(
			signedRequest(eventPayload({ id: 'evt_proto', type: 'toString' }))
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('x-webhook-result')).toBe('ignored');
	});

	it('accepts every secret during a rotation and still rejects unknown ones', async () => {
		const { handler, succeeded } = setup(undefined, ['whsec_new', 'whsec_old']);
		const oldSigned = await handler(
			signedRequest(eventPayload({ id: 'evt_old' }), { secret: 'whsec_old' })
		);
		const newSigned = await handler(
			signedRequest(eventPayload({ id: 'evt_new' }), { secret: 'whsec_new' })
		);
		const unknown = await handler(
			signedRequest(eventPayload({ id: 'evt_other' }), { secret: 'whsec_other' })
		);
		expect([oldSigned.status, newSigned.status, unknown.status]).toEqual([200, 200, 400]);
		expect(succeeded.mock.calls.map(([event]) => event.id)).toEqual(['evt_old', 'evt_new']);
	});

	it('runs the handler once when the same event arrives 50 times at once', async () => {
		let release: () => void = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const succeeded = vi.fn(async () => {
			// Holds the claim while the other deliveries arrive.
			await gate;
		});
		const { handler } = setup({ 'payment_intent.succeeded': succeeded });
		const payload = eventPayload({ id: 'evt_burst' });
		const deliveries = Array.from({ length: 50 }, () => handler(signedRequest(payload)));
		await vi.waitFor(() => expect(succeeded).toHaveBeenCalled());
		release();
		const statuses = (await Promise.all(deliveries)).map((response) => response.status);

		expect(succeeded).toHaveBeenCalledTimes(1);
		expect(statuses.filter((status) => status === 200)).toHaveLength(1);
		expect(statuses.filter((status) => status === 409)).toHaveLength(49);
		// Stripe's retry of a 409 finds the event handled.
		const retry = await handler(signedRequest(payload));
		expect(retry.status).toBe(200);
		expect(retry.headers.get('x-webhook-result')).toBe('duplicate');
		expect(succeeded).toHaveBeenCalledTimes(1);
	});

	it('answers 409 with Retry-After while another delivery holds the claim', async () => {
		const { handler, inbox } = setup();
		await inbox.claim({ id: 'evt_busy', type: 'payment_intent.succeeded' }, { leaseMs: 30_000 });
		const response = await handler(signedRequest(eventPayload({ id: 'evt_busy' })));
		expect(response.status).toBe(409);
		expect(response.headers.get('retry-after')).toBe('60');
	});

	it('answers 500 when the handler fails and runs it to completion once on the retry', async () => {
		const completed: string[] = [];
		let attempts = 0;
		const onError = vi.fn();
		const inbox = memoryInbox();
		const handler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox,
			onError,
			on: {
				'payment_intent.succeeded': async (event) => {
					attempts += 1;
					if (attempts === 1) throw new Error('database unavailable: postgres://user:pw@db');
					completed.push(event.id);
				}
			}
		});
		const payload = eventPayload({ id: 'evt_flaky' });

		const failed = await handler(signedRequest(payload));
		expect(failed.status).toBe(500);
		const failedBody = await failed.text();
		expect(failedBody).not.toContain('postgres');
		expect(onError).toHaveBeenCalledTimes(1);

		const retried = await handler(signedRequest(payload));
		const again = await handler(signedRequest(payload));
		expect([retried.status, again.status]).toEqual([200, 200]);
		expect(attempts).toBe(2);
		expect(completed).toEqual(['evt_flaky']);
	});

	it('answers 500 and frees the claim when recording success fails, so the retry runs at once', async () => {
		const inbox = memoryInbox();
		const complete = inbox.complete.bind(inbox);
		let failures = 1;
		inbox.complete = async (id) => {
			if (failures-- > 0) throw new Error('connection lost');
			return complete(id);
		};
		const runs = vi.fn();
		const onError = vi.fn();
		const handler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox,
			onError,
			on: { 'payment_intent.succeeded': runs }
		});
		const payload = eventPayload({ id: 'evt_complete_fails' });

		expect((await handler(signedRequest(payload))).status).toBe(500);
		expect(onError).toHaveBeenCalledTimes(1);
		// Not 409: the claim was given back, so Stripe's retry does not wait for the lease.
		expect((await handler(signedRequest(payload))).status).toBe(200);
		expect((await handler(signedRequest(payload))).headers.get('x-webhook-result')).toBe(
			'duplicate'
		);
		expect(runs).toHaveBeenCalledTimes(2);
	});

	it('refuses to start without a secret', () => {
		expect(() =>
			createWebhookHandler({ stripe, secrets: [], inbox: memoryInbox(), on: {} })
		).toThrow(/at least one secret/);
	});

	it('verifies with Web Crypto on runtimes without node:crypto', async () => {
		// What an edge runtime looks like to the provider.
		const lookup = vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
		const provider = webhookCryptoProvider();
		expect(lookup).toHaveBeenCalledWith('node:crypto');
		lookup.mockRestore();

		const expected = createHmac('sha256', secret).update('1.payload').digest('hex');
		expect(await provider.computeHMACSignatureAsync('1.payload', secret)).toBe(expected);
		// Twice: the second call uses the cached key.
		expect(await provider.computeHMACSignatureAsync('1.payload', secret)).toBe(expected);

		const handler = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox: memoryInbox(),
			cryptoProvider: provider,
			on: { 'payment_intent.succeeded': async () => {} }
		});
		const valid = await handler(signedRequest(eventPayload({ id: 'evt_edge' })));
		const tampered = await handler(
			signedRequest(eventPayload({ id: 'evt_edge2' }), { body: eventPayload({ id: 'evt_other' }) })
		);
		expect([valid.status, tampered.status]).toEqual([200, 400]);
	});
});
