/** What the hosted pages say about money: formatted as a store formats it, trials as Stripe shows them. */
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
});

afterAll(async () => {
	await sandbox.stop();
});

/** The page's text without tags, so assertions read like what a shopper sees. */
async function pageText(url: string): Promise<string> {
	const html = await (await fetch(url)).text();
	return html
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

test('a subscription with a free trial shows the trial, what follows it and nothing due today', async () => {
	const price = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 9900,
		recurring: { interval: 'month' },
		product_data: { name: 'Pro API' }
	});
	const session = await stripe.checkout.sessions.create({
		mode: 'subscription',
		line_items: [{ price: price.id, quantity: 1 }],
		subscription_data: { trial_period_days: 14 },
		success_url: 'https://shop.example/welcome'
	});
	const text = await pageText(String(session.url));
	expect(text).toContain('14 days free');
	expect(text).toContain('Then $99.00 per month after the trial.');
	expect(text).toContain('Total due today $0.00');
	expect(text).toContain('Start trial');
	expect(text).not.toContain('99.00 USD');
});

test('a subscription without a trial asks to subscribe for the amount, formatted like a store', async () => {
	const price = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 149900,
		recurring: { interval: 'year' },
		product_data: { name: 'Team API' }
	});
	const session = await stripe.checkout.sessions.create({
		mode: 'subscription',
		line_items: [{ price: price.id, quantity: 1 }],
		success_url: 'https://shop.example/welcome'
	});
	const text = await pageText(String(session.url));
	expect(text).toContain('Subscribe $1,499.00');
	expect(text).not.toContain('days free');
});

test('the 3-D Secure page states the amount as the store does', async () => {
	const intent = await stripe.paymentIntents.create({
		amount: 149700,
		currency: 'usd',
		payment_method: 'pm_card_authenticationRequired',
		confirm: true,
		return_url: 'https://shop.example/orders/1'
	});
	expect(intent.status).toBe('requires_action');
	const url = intent.next_action?.redirect_to_url?.url;
	expect(url).toBeTruthy();
	expect(await pageText(String(url))).toContain('authenticate $1,497.00.');
});

test('a zero-decimal currency has no cents', async () => {
	const session = await stripe.checkout.sessions.create({
		mode: 'payment',
		line_items: [
			{ price_data: { currency: 'jpy', unit_amount: 500, product_data: { name: 'Mug' } } }
		],
		success_url: 'https://shop.example/ok'
	});
	expect(await pageText(String(session.url))).toContain('Pay ¥500');
});
