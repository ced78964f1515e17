// Fulfilled webhook events per second over HTTP, through the whole endpoint: signature check,
// inbox claim, order fulfilment (licence key, download grants, receipt queued) and completion,
// all in the app's database.
//
// Set-up goes through the real HTTP path and is timed apart: POST /api/checkout records each
// pending order and creates its PaymentIntent in the sandbox; the bench then confirms the intents
// in the sandbox, so genuine `payment_intent.succeeded` events exist, reads them back from the
// sandbox's /v1/events and signs them itself.
//
// The apps under test (PGlite, PostgreSQL) run at the same time and take turns with small
// batches, so a burst of load from other processes on a shared machine hits them alike.
import type { Sandbox } from '@nobs-pay/sandbox';
import type { Agent } from 'node:http';
import Stripe from 'stripe';
import { z } from 'zod';
import { keepAliveAgent, percentile, runAll, send } from './load.js';

export interface WebhookTarget {
	name: string;
	appUrl: string;
}

export interface WebhookBenchOptions {
	targets: readonly WebhookTarget[];
	sandbox: Sandbox;
	webhookSecret: string;
	/** Orders created, paid and fulfilled per target. @default 300 */
	orders?: number;
	/** Turns each target takes; every turn delivers `orders / batches` events. @default 6 */
	batches?: number;
	/** Deliveries in flight at once, as Stripe sends them in parallel. @default 10 */
	concurrency?: number;
}

interface Delivery {
	payload: string;
	header: string;
}

// What /api/checkout answers; it crosses a process boundary, so it is checked, not assumed.
const checkoutAnswer = z.object({
	orderId: z.string(),
	orderUrl: z.string().startsWith('/'),
	clientSecret: z.string().regex(/^pi_\w+_secret_\w+$/)
});

export async function benchWebhooks(options: WebhookBenchOptions) {
	const { targets, sandbox, webhookSecret, orders = 300, batches = 6, concurrency = 10 } = options;
	const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
	const agent = keepAliveAgent(concurrency);
	const context = { stripe, agent, webhookSecret, orders, concurrency };

	const apps = [];
	for (const target of targets) {
		const prepared = await prepare(target, context);
		apps.push({ target, ...prepared, ok: 0, failed: 0, seconds: 0, latencies: [] as number[] });
	}

	const batchSize = Math.ceil(orders / batches);
	for (let start = 0; start < orders; start += batchSize) {
		for (const app of apps) {
			const result = await runAll({
				items: app.deliveries.slice(start, start + batchSize),
				concurrency,
				task: async (delivery) => {
					const response = await deliver(agent, app.target, delivery);
					// Only a first delivery that ran the handler to the end counts as fulfilled.
					return response.status === 200 && response.headers['x-webhook-result'] === 'handled';
				}
			});
			app.ok += result.ok;
			app.failed += result.failed;
			app.seconds += result.seconds;
			app.latencies.push(...result.latencies);
		}
	}

	const rows = [];
	for (const app of apps) {
		app.latencies.sort((a, b) => a - b);
		rows.push({
			name: app.target.name,
			events: app.deliveries.length,
			fulfilled: app.ok,
			failed: app.failed,
			fulfilledPerSecond: app.ok / app.seconds,
			p50: percentile(app.latencies, 0.5),
			p99: percentile(app.latencies, 0.99),
			checkoutsPerSecond: app.checkoutsPerSecond,
			setupFailures: app.setupFailures,
			verified: await verify(agent, app.target, app.deliveries, app.created)
		});
	}
	agent.destroy();
	return { rows, orders, batches, concurrency };
}

/** Pending orders, paid in the sandbox, and their events signed: everything before the clock starts. */
async function prepare(
	target: WebhookTarget,
	context: {
		stripe: Stripe;
		agent: Agent;
		webhookSecret: string;
		orders: number;
		concurrency: number;
	}
) {
	const { stripe, agent, webhookSecret, orders, concurrency } = context;

	// 1. Pending orders, each with its PaymentIntent, through the storefront's own endpoint.
	const created: z.infer<typeof checkoutAnswer>[] = [];
	const checkouts = await runAll({
		items: Array.from({ length: orders }, (_, i) => i),
		concurrency,
		task: async (i) => {
			const response = await send(agent, {
				url: `${target.appUrl}/api/checkout`,
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					items: [{ sku: 'bundle-professional', quantity: 1 }],
					email: `bench-${i}@example.com`
				})
			});
			const answer = checkoutAnswer.safeParse(JSON.parse(response.body));
			if (response.status !== 200 || !answer.success) return false;
			created.push(answer.data);
			return true;
		}
	});

	// 2. Paid in the sandbox, which records one `payment_intent.succeeded` event per intent.
	const intentIds = new Set(
		created.map(({ clientSecret }) => clientSecret.split('_secret_')[0] ?? '')
	);
	const confirmations = await runAll({
		items: [...intentIds],
		concurrency,
		task: async (id) => {
			const intent = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
			return intent.status === 'succeeded';
		}
	});

	// 3. The events as the sandbox would deliver them, signed with the endpoint's secret. Signing
	// is Stripe's work, not our endpoint's, so it stays outside the measured time.
	const deliveries: Delivery[] = [];
	for await (const event of stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
		if (event.type !== 'payment_intent.succeeded' || !intentIds.has(event.data.object.id)) continue;
		const payload = JSON.stringify(event);
		const header = stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
		deliveries.push({ payload, header });
	}

	return {
		created,
		deliveries,
		checkoutsPerSecond: checkouts.ok / checkouts.seconds,
		setupFailures: checkouts.failed + confirmations.failed + (orders - deliveries.length)
	};
}

function deliver(agent: Agent, target: WebhookTarget, { payload, header }: Delivery) {
	return send(agent, {
		url: `${target.appUrl}/api/stripe/webhook`,
		method: 'POST',
		headers: { 'content-type': 'application/json', 'stripe-signature': header },
		body: payload
	});
}

/**
 * Proof the work was done, outside the clock: redeliveries are recognised as duplicates, and
 * order pages show the licence key that fulfilment issued.
 */
async function verify(
	agent: Agent,
	target: WebhookTarget,
	deliveries: readonly Delivery[],
	created: readonly { orderUrl: string }[]
): Promise<boolean> {
	const redelivered = await runAll({
		items: deliveries.slice(0, 10),
		concurrency: 5,
		task: async (delivery) =>
			(await deliver(agent, target, delivery)).headers['x-webhook-result'] === 'duplicate'
	});
	const pages = await runAll({
		items: created.slice(0, 5),
		concurrency: 5,
		task: async ({ orderUrl }) => {
			const response = await send(agent, { url: target.appUrl + orderUrl });
			return response.status === 200 && response.body.includes('data-testid="license-key"');
		}
	});
	return redelivered.ok > 0 && redelivered.failed === 0 && pages.ok > 0 && pages.failed === 0;
}
