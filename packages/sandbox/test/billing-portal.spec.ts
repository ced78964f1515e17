/**
 * The customer portal: `billingPortal.sessions.create` with `flow_data` through the official SDK,
 * and its pages driven over HTTP forms as a browser posts them. The pages change the subscription
 * or card through the API, so they emit the events the API emits.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchOptions } from '../../../scripts/browser.mjs';
import { startSandbox, type Sandbox } from '../src/index.js';

/** Top-level fields of Stripe's published samples (fixtures3.json). */
const SESSION_FIELDS = [
	'configuration',
	'created',
	'customer',
	'customer_account',
	'flow',
	'id',
	'livemode',
	'locale',
	'object',
	'on_behalf_of',
	'return_url',
	'url'
];
const FLOW_FIELDS = [
	'after_completion',
	'subscription_cancel',
	'subscription_update',
	'subscription_update_confirm',
	'type'
];

let sandbox: Sandbox;
let stripe: Stripe;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

const post = (url: string, fields: Record<string, string>): Promise<Response> =>
	fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });

async function subscribed(): Promise<{
	customer: Stripe.Customer;
	sub: Stripe.Subscription;
	monthly: Stripe.Price;
	yearly: Stripe.Price;
}> {
	const customer = await stripe.customers.create({
		email: 'portal@example.com',
		payment_method: 'pm_card_visa',
		invoice_settings: { default_payment_method: 'pm_card_visa' }
	});
	const product = await stripe.products.create({ name: 'Pro' });
	const monthly = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 1900,
		recurring: { interval: 'month' },
		product: product.id
	});
	const yearly = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 19000,
		recurring: { interval: 'year' },
		product: product.id
	});
	const sub = await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: monthly.id }]
	});
	return { customer, sub, monthly, yearly };
}

/** Event types emitted after `since` (an event id), oldest first. */
async function eventsAfter(since: string): Promise<Stripe.Event[]> {
	const list = await stripe.events.list({ limit: 100, ending_before: since });
	return list.data.reverse();
}
const lastEventId = async (): Promise<string> =>
	(await stripe.events.list({ limit: 1 })).data[0]?.id ?? '';

/** Every visible form control has a label: wrapped in one, or named by `for`. */
function unlabelledControls(page: string): string[] {
	const forIds = new Set([...page.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]));
	const wrapped = [...page.matchAll(/<label[^>]*>\s*<input[^>]*>/g)].map((m) => m[0]);
	return [...page.matchAll(/<input[^>]*>/g)]
		.map((m) => m[0])
		.filter((input) => !input.includes('type="hidden"'))
		.filter((input) => {
			const id = /id="([^"]+)"/.exec(input)?.[1];
			return !(id && forIds.has(id)) && !wrapped.some((label) => label.includes(input));
		});
}

describe('billing portal flows', () => {
	test('subscription_update_confirm: the confirmed change is the API change, then the redirect', async () => {
		const { customer, sub, yearly } = await subscribed();
		const item = sub.items.data[0] as Stripe.SubscriptionItem;
		const session = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			return_url: 'https://shop.example/account',
			flow_data: {
				type: 'subscription_update_confirm',
				subscription_update_confirm: {
					subscription: sub.id,
					items: [{ id: item.id, price: yearly.id, quantity: 2 }]
				},
				after_completion: {
					type: 'redirect',
					redirect: { return_url: 'https://shop.example/done' }
				}
			}
		});
		expect(Object.keys(session).sort()).toEqual(SESSION_FIELDS);
		expect(Object.keys(session.flow ?? {})).toEqual(expect.arrayContaining(FLOW_FIELDS));
		expect(session.flow).toMatchObject({
			type: 'subscription_update_confirm',
			after_completion: {
				type: 'redirect',
				redirect: { return_url: 'https://shop.example/done' },
				hosted_confirmation: null
			},
			subscription_update_confirm: {
				subscription: sub.id,
				items: [{ id: item.id, price: yearly.id, quantity: 2 }]
			},
			subscription_cancel: null,
			subscription_update: null
		});

		const page = await (await fetch(session.url)).text();
		expect(page).toContain('Confirm your update');
		expect(page).toContain('Pro — $190.00 / year');
		expect(unlabelledControls(page)).toEqual([]);

		const before = await lastEventId();
		const done = await post(session.url, { action: 'confirm_update', subscription: sub.id });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('https://shop.example/done');
		const updated = await stripe.subscriptions.retrieve(sub.id);
		expect(updated.items.data[0]).toMatchObject({ price: { id: yearly.id }, quantity: 2 });
		const events = await eventsAfter(before);
		// As through the API: a new interval restarts the cycle and bills the year at once (the unused
		// month credited), then the subscription reports the change.
		const types = events.map((e) => e.type);
		expect(types).toContain('invoice.paid');
		expect(types.at(-1)).toBe('customer.subscription.updated');
		expect(events.at(-1)?.data.previous_attributes).toHaveProperty('items');

		// The flow is done: the session now shows the portal homepage.
		expect(await (await fetch(session.url)).text()).toContain('Update plan');
	});

	test('subscription_cancel: cancels at period end with the reason, then a hosted confirmation', async () => {
		const { customer, sub } = await subscribed();
		const session = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			flow_data: {
				type: 'subscription_cancel',
				subscription_cancel: { subscription: sub.id },
				after_completion: {
					type: 'hosted_confirmation',
					hosted_confirmation: { custom_message: 'Sorry to see you go.' }
				}
			}
		});
		const page = await (await fetch(session.url)).text();
		expect(page).toContain('Cancel your plan');
		expect(page).toContain('Some features are missing');
		expect(unlabelledControls(page)).toEqual([]);

		const before = await lastEventId();
		const done = await post(session.url, {
			action: 'cancel',
			subscription: sub.id,
			feedback: 'too_expensive'
		});
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('Sorry to see you go.');
		const canceling = await stripe.subscriptions.retrieve(sub.id);
		expect(canceling).toMatchObject({
			status: 'active',
			cancel_at_period_end: true,
			cancellation_details: { feedback: 'too_expensive', reason: 'cancellation_requested' }
		});
		const [event] = await eventsAfter(before);
		expect(event).toMatchObject({
			type: 'customer.subscription.updated',
			data: { previous_attributes: { cancel_at_period_end: false } }
		});

		await expect(
			stripe.billingPortal.sessions.create({
				customer: customer.id,
				flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } }
			})
		).rejects.toMatchObject({
			statusCode: 400,
			param: 'flow_data[subscription_cancel][subscription]'
		});
	});

	test('subscription_update: switches only the flow subscription, and does nothing else', async () => {
		const { customer, sub, yearly } = await subscribed();
		const other = await subscribed();
		const session = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			flow_data: { type: 'subscription_update', subscription_update: { subscription: sub.id } }
		});
		const page = await (await fetch(session.url)).text();
		expect(page).toContain('Update your plan');
		expect(unlabelledControls(page)).toEqual([]);

		// Another customer's subscription, or another action than the flow's, is refused.
		const foreign = await post(session.url, {
			action: 'switch',
			subscription: other.sub.id,
			price: yearly.id
		});
		expect(foreign.status).toBe(400);
		const wrongAction = await post(session.url, { action: 'cancel', subscription: sub.id });
		expect(wrongAction.status).toBe(400);
		expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
		expect((await stripe.subscriptions.retrieve(other.sub.id)).items.data[0]?.price.id).toBe(
			other.monthly.id
		);

		const done = await post(session.url, {
			action: 'switch',
			subscription: sub.id,
			price: yearly.id
		});
		expect(done.status).toBe(200);
		expect(await done.text()).toContain('Plan updated.');
		expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(yearly.id);
	});

	test('payment_method_update: the new card becomes the default, with the API events', async () => {
		const { customer } = await subscribed();
		const session = await stripe.billingPortal.sessions.create({
			customer: customer.id,
			flow_data: {
				type: 'payment_method_update',
				after_completion: {
					type: 'redirect',
					redirect: { return_url: 'https://shop.example/billing' }
				}
			}
		});
		const page = await (await fetch(session.url)).text();
		expect(page).toContain('Update payment method');
		expect(page).toContain('•••• 4242');
		expect(unlabelledControls(page)).toEqual([]);

		const refused = await post(session.url, {
			action: 'card',
			number: '4242 4242 4242 4241',
			expiry: '12 / 40',
			cvc: '123'
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Your card number is incorrect.');

		const before = await lastEventId();
		const done = await post(session.url, {
			action: 'card',
			number: '5555 5555 5555 4444',
			expiry: '12 / 40',
			cvc: '123'
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('https://shop.example/billing');
		const after = await stripe.customers.retrieve(customer.id, {
			expand: ['invoice_settings.default_payment_method']
		});
		const pm = (after as Stripe.Customer).invoice_settings
			.default_payment_method as Stripe.PaymentMethod;
		expect(pm.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
		expect((await eventsAfter(before)).map((e) => e.type)).toEqual(
			expect.arrayContaining(['payment_method.attached', 'customer.updated'])
		);
	});

	test('flow_data is checked as Stripe checks it', async () => {
		const { customer, sub } = await subscribed();
		const stranger = await stripe.customers.create({ email: 'stranger@example.com' });
		await expect(
			stripe.billingPortal.sessions.create({
				customer: stranger.id,
				flow_data: { type: 'subscription_update', subscription_update: { subscription: sub.id } }
			})
		).rejects.toMatchObject({
			statusCode: 400,
			param: 'flow_data[subscription_update][subscription]'
		});
		await expect(
			stripe.billingPortal.sessions.create({
				customer: customer.id,
				flow_data: { type: 'subscription_update' }
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'flow_data[subscription_update]' });
		await expect(
			stripe.billingPortal.sessions.create({
				customer: customer.id,
				flow_data: {
					type: 'subscription_update_confirm',
					subscription_update_confirm: { subscription: sub.id, items: [{ id: 'si_missing' }] }
				}
			})
		).rejects.toMatchObject({
			statusCode: 400,
			param: 'flow_data[subscription_update_confirm][items][0][id]'
		});
		await expect(
			stripe.billingPortal.sessions.create({
				customer: customer.id,
				flow_data: {
					type: 'payment_method_update',
					after_completion: { type: 'redirect' }
				}
			})
		).rejects.toMatchObject({ statusCode: 400, param: 'flow_data[after_completion][redirect]' });
		const plain = await stripe.billingPortal.sessions.create({ customer: customer.id });
		expect(plain.flow).toBeNull();
		const created = (await stripe.events.list({ type: 'billing_portal.session.created', limit: 1 }))
			.data[0];
		expect((created?.data.object as Stripe.BillingPortal.Session).id).toBe(plain.id);
	});

	test('every flow page and the homepage are axe-clean in Chromium', async () => {
		const { customer, sub, yearly } = await subscribed();
		const item = sub.items.data[0] as Stripe.SubscriptionItem;
		const flows: Stripe.BillingPortal.SessionCreateParams.FlowData[] = [
			{ type: 'subscription_update', subscription_update: { subscription: sub.id } },
			{
				type: 'subscription_update_confirm',
				subscription_update_confirm: {
					subscription: sub.id,
					items: [{ id: item.id, price: yearly.id }]
				}
			},
			{ type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } },
			{ type: 'payment_method_update' }
		];
		const urls = [(await stripe.billingPortal.sessions.create({ customer: customer.id })).url];
		for (const flow_data of flows)
			urls.push(
				(await stripe.billingPortal.sessions.create({ customer: customer.id, flow_data })).url
			);
		const browser = await chromium.launch(launchOptions);
		try {
			const page = await (await browser.newContext()).newPage();
			for (const url of urls) {
				await page.goto(url);
				const { violations } = await new AxeBuilder({ page }).analyze();
				expect({ url, violations: violations.map((v) => v.id) }).toEqual({ url, violations: [] });
			}
		} finally {
			await browser.close();
		}
	});
});
