import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { registerCheckoutHooks } from './resources/checkout.js';
import { settleDebits } from './resources/settlement.js';
import { registerSubscriptionHooks } from './resources/subscriptions.js';
import { createSandboxServer } from './server.js';
import { Engine } from './state/engine.js';
import { newId } from './state/store.js';
import type { WebhookEndpoint } from './webhooks.js';

export { signPayload, type WebhookEndpoint } from './webhooks.js';
export { TEST_TOKENS } from './cards.js';

export interface SandboxOptions {
	/** Port to listen on; 0 picks any free port. @default 0 */
	port?: number;
	/** Interface to bind. The sandbox is meant for loopback only. @default '127.0.0.1' */
	host?: string;
	/** Endpoints that receive every event, signed with their secret. @default [] */
	webhooks?: WebhookEndpoint[];
	/** Fixed keys (any `sk_test_`/`pk_test_` key is accepted anyway); generated when omitted. */
	secretKey?: string;
	publishableKey?: string;
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
	eventRetention: z.number().int().min(100).default(25_000)
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
	const server = createSandboxServer(engine);
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
		secretKey: config.secretKey ?? `sk_test_${newId('', 32)}`,
		publishableKey: config.publishableKey ?? `pk_test_${newId('', 32)}`,
		stripeJsUrl: `${url}/v3/stripe.js`,
		stripeConfig: { host: config.host, port, protocol: 'http' },
		clock: { now: () => engine.now(), advance: (seconds) => engine.clock.advance(seconds) },
		addWebhook: (endpoint) => engine.addWebhook(endpoint),
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
	registerCheckoutHooks(engine);
	engine.clock.onAdvance((now) => settleDebits(engine, now));
}
