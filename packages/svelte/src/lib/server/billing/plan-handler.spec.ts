import { describe, expect, it } from 'vitest';
import { memorySubscriptionStore } from './memory-stores.js';
import { createPlanHandler } from './plan-handler.js';
import { syncSubscription } from './subscriptions.js';
import { subscribedCustomer, useSandbox } from './test/sandbox.js';

const sandbox = useSandbox();

const post = (body: unknown) =>
	new Request('http://localhost/api/plan', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});

async function setup() {
	const { stripe } = sandbox;
	const { customer, subscription, team } = await subscribedCustomer(stripe);
	const store = memorySubscriptionStore();
	await syncSubscription({ stripe, store, subscription: subscription.id });
	let signedIn: string | null = customer.id;
	const handler = createPlanHandler({
		stripe,
		store,
		prices: [team.id],
		getCustomerId: () => signedIn
	});
	return { handler, subscription, team, signIn: (id: string | null) => (signedIn = id) };
}

describe('createPlanHandler', () => {
	it('cancels and resumes the signed-in customer’s own subscription, from a RequestEvent', async () => {
		const { handler, subscription } = await setup();
		const canceled = await handler({ request: post({ action: 'cancel', reason: 'Moving on' }) });
		expect(canceled.status).toBe(200);
		expect(await canceled.json()).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: true });

		const resumed = await handler(post({ action: 'resume' }));
		expect(await resumed.json()).toMatchObject({ id: subscription.id, cancelAtPeriodEnd: false });
	});

	it('changes to an allowed price and refuses any other', async () => {
		const { handler, team, subscription } = await setup();
		const refused = await handler(
			post({
				action: 'change',
				price: subscription.items.data[0]?.price.id.replace('price_', 'price_x')
			})
		);
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({ error: { code: 'unknown_price' } });

		const changed = await handler(post({ action: 'change', price: team.id }));
		expect(await changed.json()).toMatchObject({ priceId: team.id });
	});

	it('answers 401 signed out, 404 without a subscription, 400 for a bad body', async () => {
		const { handler, signIn } = await setup();
		expect((await handler(post({ action: 'oops' }))).status).toBe(400);
		expect((await handler(post('{not json'))).status).toBe(400);
		signIn('cus_nobody');
		expect((await handler(post({ action: 'resume' }))).status).toBe(404);
		signIn(null);
		expect((await handler(post({ action: 'resume' }))).status).toBe(401);
	});
});
