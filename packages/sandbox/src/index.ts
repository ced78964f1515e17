import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { registerCheckoutHooks } from './resources/checkout.js';
import { settleDebits } from './resources/settlement.js';
import { registerInvoiceHooks } from './resources/invoices.js';
import { registerSubscriptionHooks } from './resources/subscriptions.js';
import { createSandboxServer } from './server.js';
import { Engine, type RequestRecord } from './state/engine.js';
import { newId } from './state/store.js';
import type { WebhookEndpoint } from './webhooks.js';

export { signPayload, type WebhookEndpoint } from './webhooks.js';
export { TEST_TOKENS } from './cards.js';
export type { RequestRecord } from './state/engine.js';

export interface SandboxOptions {
	/** Port to listen on; 0 picks any free port. @default 0 */
	port?: number;
	/** Interface to bind. The sandbox is meant for loopback only. @default '127.0.0.1' */
	host?: string;
	/** Endpoints that receive every event, signed with their secret. @default [] */
	webhooks?: WebhookEndpoint[];
	/**
	 * The secret key the sandbox answers to; any other key gets Stripe's 401 "Invalid API Key
	 * provided". Generated when omitted (read it from `sandbox.secretKey`).
	 */
	secretKey?: string;
	/** The publishable key Stripe.js calls may use; generated when omitted. */
	publishableKey?: string;
	/**
	 * Accept any `sk_test_`/`rk_test_` secret key and any `pk_test_` publishable key, as the sandbox
	 * did before it checked keys. @default false
	 */
	anyKey?: boolean;
	/** Events kept for `GET /v1/events` (the oldest are dropped; Stripe keeps 30 days). @default 25000 */
	eventRetention?: number;
}

export interface Sandbox {
	/** `http://127.0.0.1:PORT` */
	url: string;
	secretKey: string;
	publishableKey: string;
	/** `${url}/v3/stripe.js`: the Stripe.js stand-in. */
	stripeJsUrl: string;
	/** Pass to the SDK: `new Stripe(sandbox.secretKey, sandbox.stripeConfig)`. */
	stripeConfig: { host: string; port: number; protocol: 'http' };
	clock: {
		/** Sandbox time in unix seconds. */
		now(): number;
		/** Moves time forward: renews subscriptions, ends trials, expires checkout sessions. */
		advance(seconds: number): number;
	};
	addWebhook(endpoint: WebhookEndpoint): void;
	/** The most recent API requests, newest first, with the `Stripe-Version` each one sent. */
	requests(): RequestRecord[];
	/** Forgets every object, event and pending delivery, and rewinds the clock. Webhook endpoints stay. */
	reset(): void;
	/** Resolves once every queued webhook has been delivered (or `reset`/`stop` dropped it). */
	webhooksIdle(): Promise<void>;
	stop(): Promise<void>;
}

const optionsSchema = z.object({
	port: z.number().int().min(0).max(65_535).default(0),
	host: z.string().default('127.0.0.1'),
	webhooks: z.array(z.object({ url: z.url(), secret: z.string().min(1) })).default([]),
	secretKey: z
		.string()
		.regex(/^sk_test_\w+$/)
		.optional(),
	publishableKey: z
		.string()
		.regex(/^pk_test_\w+$/)
		.optional(),
	eventRetention: z.number().int().min(100).default(25_000),
	anyKey: z.boolean().default(false)
});

/**
 * Starts an offline, stateful Stripe on loopback.
 *
 * @example
 * const sandbox = await startSandbox({ webhooks: [{ url, secret: 'whsec_test' }] });
 * const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
 * await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
 * await sandbox.stop();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const config = optionsSchema.parse(options);
	const engine = new Engine();
	engine.eventRetention = config.eventRetention;
	for (const endpoint of config.webhooks) engine.addWebhook(endpoint);
	const secretKey = config.secretKey ?? `sk_test_${newId('', 32)}`;
	const publishableKey = config.publishableKey ?? `pk_test_${newId('', 32)}`;
	const server = createSandboxServer(engine, {
		secretKey,
		publishableKey,
		anyKey: config.anyKey
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://${config.host}:${port}`;
	engine.origin = url;
	startTimers(engine);
	return {
		url,
		secretKey,
		publishableKey,
		stripeJsUrl: `${url}/v3/stripe.js`,
		stripeConfig: { host: config.host, port, protocol: 'http' },
		clock: { now: () => engine.now(), advance: (seconds) => engine.clock.advance(seconds) },
		addWebhook: (endpoint) => engine.addWebhook(endpoint),
		requests: () => [...engine.requestLog].reverse(),
		reset: () => engine.reset(),
		webhooksIdle: () => engine.webhooks.idle(),
		stop: async () => {
			engine.webhooks.stop();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
	};
}

/** Wires the parts of the model that react to payments and to the clock. */
function startTimers(engine: Engine): void {
	registerSubscriptionHooks(engine);
	registerInvoiceHooks(engine);
	registerCheckoutHooks(engine);
	engine.clock.onAdvance((now) => settleDebits(engine, now));
}
