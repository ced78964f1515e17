// End to end: the sandbox signs and delivers webhooks over HTTP, with Stripe's retry on non-2xx
// answers; createWebhookHandler receives them through a plain Node server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The sandbox's package entry points at a build this repository does not run before tests.
import { startSandbox, type Sandbox } from '../../../../sandbox/src/index.js';
import { memoryInbox } from './inbox.js';
import { createWebhookHandler } from './webhook-handler.js';

const secret = 'whsec_sandbox_spec';
let sandbox: Sandbox;
let stripe: Stripe;
let server: Server;
let route: (request: Request) => Promise<Response> = async () => new Response(null);
const statuses: number[] = [];

beforeAll(async () => {
	// A minimal adapter from Node's http to Web Request/Response, as SvelteKit's adapter-node does.
	server = createServer(async (incoming, outgoing) => {
		const chunks: Buffer[] = [];
		for await (const chunk of incoming) chunks.push(chunk as Buffer);
		const headers = new Headers();
		for (const [name, value] of Object.entries(incoming.headers)) {
			if (typeof value === 'string') headers.set(name, value);
		}
		const response = await route(
			new Request(`http://127.0.0.1${incoming.url}`, {
				method: incoming.method,
				headers,
				body: Buffer.concat(chunks)
			})
		);
		statuses.push(response.status);
		outgoing.writeHead(response.status, Object.fromEntries(response.headers));
		outgoing.end(Buffer.from(await response.arrayBuffer()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	sandbox = await startSandbox({
		port: 0,
		webhooks: [{ url: `http://127.0.0.1:${port}/stripe/webhook`, secret }]
	});
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});

afterAll(async () => {
	await sandbox?.stop();
	await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function pay(amount: number): Promise<Stripe.PaymentIntent> {
	return stripe.paymentIntents.create({
		amount,
		currency: 'usd',
		payment_method: 'pm_card_visa',
		confirm: true,
		automatic_payment_methods: { enabled: true, allow_redirects: 'never' }
	});
}

describe('createWebhookHandler with sandbox deliveries', () => {
	it('verifies the sandbox signature and handles payment_intent.succeeded once', async () => {
		const fulfilled: string[] = [];
		route = createWebhookHandler({
			stripe,
			secrets: secret,
			inbox: memoryInbox(),
			on: {
				'payment_intent.succeeded': async (event) => {
					fulfilled.push(event.data.object.id);
				}
			}
		});
		statuses.length = 0;
		const intent = await pay(4200);
		await sandbox.webhooksIdle();
		expect(fulfilled).toEqual([intent.id]);
		// Other event types (payment_intent.created, charge.succeeded…) were acknowledged too.
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(statuses.length).toBeGreaterThan(1);
	});

	it('runs a failed handler again on Stripe’s retry and completes it once', async () => {
		const attempts: string[] = [];
		const fulfilled: string[] = [];
		route = createWebhookHandler({
			stripe,
			secrets: ['whsec_next', secret],
			inbox: memoryInbox(),
			on: {
				'payment_intent.succeeded': async (event) => {
					attempts.push(event.id);
					if (attempts.length === 1) throw new Error('warehouse API timed out');
					fulfilled.push(event.data.object.id);
				}
			}
		});
		statuses.length = 0;
		const intent = await pay(990);
		await sandbox.webhooksIdle();
		expect(statuses).toContain(500);
		expect(attempts).toHaveLength(2);
		expect(new Set(attempts).size).toBe(1);
		expect(fulfilled).toEqual([intent.id]);
	});
});
