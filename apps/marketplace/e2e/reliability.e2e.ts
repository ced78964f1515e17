import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import Stripe from 'stripe';
import {
	createOrder,
	expect,
	mailboxSchema,
	paymentIntentId,
	sandboxStripe,
	test,
	waitForFulfilment
} from './support/fixtures';
import { WEBHOOK_SECRET } from './support/env';
import { START_CEILING_MS, useOwnStack } from './support/stack';

// Each test runs its own sandbox, database and app process, because it controls webhook delivery
// or stops the app: the shared server of the other tests must not see either.
const startOwnStack = useOwnStack();
let api: APIRequestContext | undefined;

test.afterEach(async () => {
	await api?.dispose();
	api = undefined;
});

async function receiptsFor(request: APIRequestContext, orderId: string) {
	const { messages } = mailboxSchema.parse(await (await request.get('/dev/mail.json')).json());
	return messages.filter((message) => message.subject.includes(orderId));
}

test('the same payment_intent.succeeded delivered 20 times at once fulfils the order once', async ({
	stack: { driver }
}) => {
	test.setTimeout(START_CEILING_MS + 120_000);
	// No endpoint on the sandbox: the test's 20 deliveries are the only ones.
	const own = await startOwnStack({
		driver,
		name: 'nobs_e2e_webhook_storm',
		deliverWebhooks: false
	});
	api = await playwrightRequest.newContext({ baseURL: own.origin });
	const stripe = sandboxStripe(own.sandbox.stripeConfig.port);

	const order = await createOrder(api, { items: [{ sku: 'bundle-starter', quantity: 1 }] });
	const intentId = paymentIntentId(order.clientSecret);
	await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });

	const events = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
	const event = events.data.find(
		(candidate) => (candidate.data.object as Stripe.PaymentIntent).id === intentId
	);
	expect(event, 'the sandbox recorded the event').toBeDefined();
	const payload = JSON.stringify(event);
	const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });

	const responses = await Promise.all(
		Array.from({ length: 20 }, () =>
			api!.post('/api/stripe/webhook', {
				headers: { 'content-type': 'application/json', 'stripe-signature': signature },
				data: Buffer.from(payload)
			})
		)
	);
	const statuses = responses.map((response) => response.status());
	expect(
		statuses.every((status) => status === 200 || status === 409),
		statuses.join(', ')
	).toBe(true);
	const results = responses.map((response) => response.headers()['x-webhook-result']);
	expect(results.filter((result) => result === 'handled')).toHaveLength(1);

	const fulfilled = await waitForFulfilment(api, order.orderUrl);
	expect(fulfilled.licenseKey).toMatch(/^NOBS-/);
	expect(fulfilled.downloadTokens).toHaveLength(1);
	expect(await receiptsFor(api, order.orderId)).toHaveLength(1);
});

test('an order paid while the app is down is fulfilled once it is back (the sandbox retries)', async ({
	stack: { driver }
}) => {
	// Two app starts and a sandbox retry: minutes on a loaded machine. A ceiling, not a target.
	test.setTimeout(2 * START_CEILING_MS);
	const own = await startOwnStack({ driver, name: 'nobs_e2e_restart', deliverWebhooks: true });
	const { sandbox } = own;
	api = await playwrightRequest.newContext({ baseURL: own.origin });
	const stripe = sandboxStripe(sandbox.stripeConfig.port);

	const order = await createOrder(api, { items: [{ sku: 'bundle-professional', quantity: 1 }] });
	// A graceful stop: the app closes its database and exits on SIGTERM instead of being killed.
	expect(await own.stopApp(), 'the app exits by itself on SIGTERM').toBe(true);

	const paid = await stripe.paymentIntents.confirm(paymentIntentId(order.clientSecret), {
		payment_method: 'pm_card_visa'
	});
	expect(paid.status).toBe('succeeded');
	// The deliveries fail while nothing listens, and stay queued for a retry.
	const pendingWebhooks = async () => {
		const health = await fetch(`${sandbox.url}/_sandbox/health`, {
			headers: { authorization: `Bearer ${sandbox.secretKey}` }
		});
		return ((await health.json()) as { pending_webhooks: number }).pending_webhooks;
	};
	await expect.poll(pendingWebhooks).toBeGreaterThan(0);

	await own.restartApp();
	const fulfilled = await waitForFulfilment(api, order.orderUrl, { timeout: START_CEILING_MS });
	expect(fulfilled.licenseKey).toMatch(/^NOBS-/);
	expect(await receiptsFor(api, order.orderId)).toHaveLength(1);
});
