// Fulfilled webhook events per second over HTTP, through the whole endpoint: signature check,
// inbox claim, order fulfilment (licence key, download grants, receipt queued) and completion,
// all in the app's database.
//
// Set-up goes through the real HTTP path and is timed apart: POST /api/checkout records each
// pending order and creates its PaymentIntent in the sandbox; the bench then confirms the intents
// in the sandbox, so genuine `payment_intent.succeeded` events exist, reads them back from the
// sandbox's /v1/events and signs them itself.
import type { Sandbox } from '@nobs-pay/sandbox';
import Stripe from 'stripe';
import { z } from 'zod';
import { keepAliveAgent, percentile, runAll, send } from './load.js';

export interface WebhookBenchOptions {
	appUrl: string;
	sandbox: Sandbox;
	webhookSecret: string;
	/** Orders created, paid and fulfilled. @default 300 */
	orders?: number;
	/** Deliveries in flight at once, as Stripe sends them in parallel. @default 10 */
	concurrency?: number;
}

// What /api/checkout answers; it crosses a process boundary, so it is checked, not assumed.
const checkoutAnswer = z.object({
	orderId: z.string(),
	orderUrl: z.string().startsWith('/'),
	clientSecret: z.string().regex(/^pi_\w+_secret_\w+$/)
});

export async function benchWebhooks(options: WebhookBenchOptions) {
	const { appUrl, sandbox, webhookSecret, orders = 300, concurrency = 10 } = options;
	const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
	const agent = keepAliveAgent(concurrency);

	// 1. Pending orders, each with its PaymentIntent, through the storefront's own endpoint.
	const created: z.infer<typeof checkoutAnswer>[] = [];
	const checkouts = await runAll({
		items: Array.from({ length: orders }, (_, i) => i),
		concurrency,
		task: async (i) => {
			const response = await send(agent, {
				url: `${appUrl}/api/checkout`,
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: appUrl },
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
	// happens before the clock starts: Stripe does it on its side, not in our endpoint.
	const deliveries: { payload: string; header: string }[] = [];
	for await (const event of stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
		if (event.type !== 'payment_intent.succeeded' || !intentIds.has(event.data.object.id)) continue;
		const payload = JSON.stringify(event);
		deliveries.push({
			payload,
			header: stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret })
		});
	}

	// 4. The measured batch: every delivery is a first delivery and must fulfil its order.
	const deliver = ({ payload, header }: { payload: string; header: string }) =>
		send(agent, {
			url: `${appUrl}/api/stripe/webhook`,
			method: 'POST',
			headers: { 'content-type': 'application/json', 'stripe-signature': header },
			body: payload
		});
	const fulfilled = await runAll({
		items: deliveries,
		concurrency,
		task: async (delivery) => {
			const response = await deliver(delivery);
			return response.status === 200 && response.headers['x-webhook-result'] === 'handled';
		}
	});

	// 5. Proof the work was done, outside the clock: a redelivery is recognised as a duplicate,
	// and an order page shows the licence key that fulfilment issued.
	const redelivered = await runAll({
		items: deliveries.slice(0, 10),
		concurrency,
		task: async (delivery) => (await deliver(delivery)).headers['x-webhook-result'] === 'duplicate'
	});
	const pages = await runAll({
		items: created.slice(0, 5),
		concurrency,
		task: async ({ orderUrl }) => {
			const response = await send(agent, { url: appUrl + orderUrl });
			return response.status === 200 && response.body.includes('data-testid="license-key"');
		}
	});
	agent.destroy();

	return {
		orders,
		concurrency,
		checkoutsPerSecond: checkouts.ok / checkouts.seconds,
		setupFailures: checkouts.failed + confirmations.failed + (intentIds.size - deliveries.length),
		events: deliveries.length,
		fulfilled: fulfilled.ok,
		failed: fulfilled.failed,
		fulfilledPerSecond: fulfilled.ok / fulfilled.seconds,
		p50: percentile(fulfilled.latencies, 0.5),
		p99: percentile(fulfilled.latencies, 0.99),
		verified: redelivered.failed === 0 && pages.failed === 0 && pages.ok > 0
	};
}
