import type { Stripe, StripeElements, StripePaymentElement } from '@stripe/stripe-js';
import { afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { commands, page } from 'vitest/browser';
import './frame-style.js';

const sandbox = inject('sandbox');
let stripe: Stripe;

/** Stands in for the merchant's server: creates the PaymentIntent with the secret key. */
async function createIntent(amount: number): Promise<{ id: string; client_secret: string }> {
	const response = await fetch(`${sandbox.url}/v1/payment_intents`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${sandbox.secretKey}`,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({
			amount: String(amount),
			currency: 'usd',
			'automatic_payment_methods[enabled]': 'true'
		})
	});
	return (await response.json()) as { id: string; client_secret: string };
}

/** A secret-key API call, as the merchant's server would make it. */
async function api<T>(path: string, params: Record<string, string>): Promise<T> {
	const response = await fetch(`${sandbox.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.secretKey}` },
		body: new URLSearchParams(params)
	});
	return (await response.json()) as T;
}

async function mountPaymentElement(amount = 2500): Promise<{
	elements: StripeElements;
	element: StripePaymentElement;
	changes: Array<{ complete: boolean; empty: boolean }>;
}> {
	const host = document.createElement('div');
	host.id = 'payment';
	document.body.appendChild(host);
	const elements = stripe.elements({
		mode: 'payment',
		amount,
		currency: 'usd',
		appearance: { theme: 'stripe', variables: { colorPrimary: '#5b21b6' } }
	});
	const element = elements.create('payment');
	const changes: Array<{ complete: boolean; empty: boolean }> = [];
	element.on('change', (event) => changes.push({ complete: event.complete, empty: event.empty }));
	const ready = new Promise<void>((resolve) => element.on('ready', () => resolve()));
	element.mount(host);
	await ready;
	return { elements, element, changes };
}

const cardFrame = () => page.frameLocator(page.getByTitle('Secure payment input frame'));

async function typeCard(number: string): Promise<void> {
	const frame = cardFrame();
	await frame.getByLabelText('Card number').fill(number);
	await frame.getByLabelText('Expiration date').fill('12 / 34');
	await frame.getByLabelText('Security code').fill('123');
}

async function pay(elements: StripeElements, amount: number) {
	const submitted = await elements.submit();
	expect(submitted.error).toBeUndefined();
	const intent = await createIntent(amount);
	return stripe.confirmPayment({
		elements,
		clientSecret: intent.client_secret,
		confirmParams: { return_url: 'https://shop.example/return' },
		redirect: 'if_required'
	});
}

beforeAll(async () => {
	// As a page would: the script tag first, then loadStripe picks up window.Stripe.
	await new Promise<void>((resolve, reject) => {
		const script = document.createElement('script');
		script.src = sandbox.stripeJsUrl;
		script.onload = () => resolve();
		script.onerror = () => reject(new Error('stand-in did not load'));
		document.head.appendChild(script);
	});
	const { loadStripe } = await import('@stripe/stripe-js');
	const loaded = await loadStripe(sandbox.publishableKey);
	if (!loaded) throw new Error('loadStripe resolved to null');
	stripe = loaded;
});

afterEach(() => {
	document.getElementById('payment')?.remove();
});

describe('Stripe.js stand-in', () => {
	test('loadStripe resolves to the stand-in, which reports the release train it mimics', async () => {
		const { loadStripe } = await import('@stripe/stripe-js/pure');
		const again = await loadStripe(sandbox.publishableKey);
		expect(typeof again?.elements).toBe('function');
		expect((window as unknown as { Stripe: { version: string } }).Stripe.version).toBe('endive');
	});

	test('a second payment element in the same group fails as Stripe.js does', async () => {
		const elements = stripe.elements({ mode: 'payment', amount: 1000, currency: 'usd' });
		elements.create('payment');
		expect(() => elements.create('payment')).toThrow('Can only create one Element of type payment');
	});

	test('the Payment Element follows the Appearance API: theme, variables, rules and updates', async () => {
		const host = document.createElement('div');
		host.id = 'payment';
		document.body.appendChild(host);
		const elements = stripe.elements({
			mode: 'payment',
			amount: 1000,
			currency: 'usd',
			appearance: {
				theme: 'night',
				variables: {
					colorText: 'rgb(1, 2, 3)',
					fontFamily: 'Georgia, serif',
					fontSizeBase: '18px',
					borderRadius: '12px'
				},
				rules: {
					'.Input': { borderColor: 'rgb(10, 20, 30)' },
					'.Label': { textTransform: 'uppercase' },
					'.Input:hover': { color: 'red}body{color:red' }
				}
			}
		});
		const element = elements.create('payment');
		const ready = new Promise<void>((resolve) => element.on('ready', () => resolve()));
		element.mount(host);
		await ready;
		const input = await commands.frameStyle('Secure payment input frame', '#number', [
			'color',
			'font-family',
			'font-size',
			'border-top-left-radius',
			'border-top-color'
		]);
		expect(input).toEqual({
			color: 'rgb(1, 2, 3)',
			'font-family': 'Georgia, serif',
			'font-size': '18px',
			'border-top-left-radius': '12px',
			'border-top-color': 'rgb(10, 20, 30)'
		});
		const body = await commands.frameStyle('Secure payment input frame', 'body', [
			'background-color'
		]);
		expect(body['background-color']).toBe('rgb(48, 49, 61)'); // night's colorBackground
		const label = await commands.frameStyle('Secure payment input frame', 'label', [
			'text-transform'
		]);
		expect(label['text-transform']).toBe('uppercase');

		elements.update({ appearance: { variables: { borderRadius: '0px' } } });
		await expect
			.poll(async () => {
				const after = await commands.frameStyle('Secure payment input frame', '#number', [
					'border-top-left-radius'
				]);
				return after['border-top-left-radius'];
			})
			.toBe('0px');
	});

	test("submit reports an incomplete card with Stripe's wording", async () => {
		const { elements, changes } = await mountPaymentElement();
		const result = await elements.submit();
		expect(result.error?.type).toBe('validation_error');
		expect(result.error?.code).toBe('incomplete_number');
		expect(result.error?.message).toBe('Your card number is incomplete.');
		await expect.poll(() => changes.at(-1)).toEqual({ complete: false, empty: true });
	});

	test('4242 succeeds through the deferred-intent flow and change events report completeness', async () => {
		const { elements, changes } = await mountPaymentElement(2500);
		await typeCard('4242 4242 4242 4242');
		await expect.poll(() => changes.at(-1)).toEqual({ complete: true, empty: false });
		elements.update({ amount: 3000 });
		const result = await pay(elements, 3000);
		expect(result.error).toBeUndefined();
		expect(result.paymentIntent?.status).toBe('succeeded');
		expect(result.paymentIntent?.amount).toBe(3000);
	});

	test('4000 0000 0000 0002 is declined with the card error Stripe returns', async () => {
		const { elements } = await mountPaymentElement();
		await typeCard('4000 0000 0000 0002');
		const result = await pay(elements, 2500);
		expect(result.paymentIntent).toBeUndefined();
		expect(result.error?.type).toBe('card_error');
		expect(result.error?.code).toBe('card_declined');
		expect(result.error?.decline_code).toBe('generic_decline');
	});

	test('the authentication card shows the challenge; Complete lets the payment succeed', async () => {
		const { elements } = await mountPaymentElement();
		await typeCard('4000 0027 6000 3184');
		const pending = pay(elements, 2500);
		const challenge = page.frameLocator(page.getByTitle('3D Secure authentication'));
		await challenge.getByRole('button', { name: 'Complete' }).click();
		const result = await pending;
		expect(result.error).toBeUndefined();
		expect(result.paymentIntent?.status).toBe('succeeded');
		expect(document.querySelector('[data-nobs-sandbox-challenge]')).toBeNull();
	});

	test('failing the challenge returns the authentication failure', async () => {
		const { elements } = await mountPaymentElement();
		await typeCard('4000 0027 6000 3184');
		const pending = pay(elements, 2500);
		await page
			.frameLocator(page.getByTitle('3D Secure authentication'))
			.getByRole('button', { name: 'Fail' })
			.click();
		const result = await pending;
		expect(result.error?.code).toBe('payment_intent_authentication_failure');
		expect(result.error?.payment_intent?.status).toBe('requires_payment_method');
	});

	test('confirmSetup saves a card for the customer', async () => {
		const host = document.createElement('div');
		host.id = 'payment';
		document.body.appendChild(host);
		const elements = stripe.elements({ mode: 'setup', currency: 'usd' });
		const element = elements.create('payment');
		const ready = new Promise<void>((resolve) => element.on('ready', () => resolve()));
		element.mount(host);
		await ready;
		await typeCard('5555 5555 5555 4444');
		expect((await elements.submit()).error).toBeUndefined();
		const customer = await api<{ id: string }>('/v1/customers', { email: 'setup@example.com' });
		const intent = await api<{ client_secret: string }>('/v1/setup_intents', {
			customer: customer.id
		});
		const result = await stripe.confirmSetup({
			elements,
			clientSecret: intent.client_secret,
			redirect: 'if_required'
		});
		expect(result.error).toBeUndefined();
		expect(result.setupIntent?.status).toBe('succeeded');
		const methods = await fetch(`${sandbox.url}/v1/customers/${customer.id}/payment_methods`, {
			headers: { authorization: `Bearer ${sandbox.secretKey}` }
		});
		const list = (await methods.json()) as { data: Array<{ card: { last4: string } }> };
		expect(list.data.map((pm) => pm.card.last4)).toEqual(['4444']);
	});

	test('createEmbeddedCheckoutPage (formerly initEmbeddedCheckout) mounts the session and reports completion', async () => {
		const price = await api<{ id: string }>('/v1/prices', {
			currency: 'usd',
			unit_amount: '2500',
			'product_data[name]': 'Kit'
		});
		const session = await api<{ client_secret: string }>('/v1/checkout/sessions', {
			mode: 'payment',
			ui_mode: 'embedded_page',
			return_url: 'https://shop.example/return',
			'line_items[0][price]': price.id,
			'line_items[0][quantity]': '1'
		});
		const host = document.createElement('div');
		host.id = 'payment';
		document.body.appendChild(host);
		let completed = false;
		const checkout = await stripe.createEmbeddedCheckoutPage({
			fetchClientSecret: async () => session.client_secret,
			onComplete: () => (completed = true)
		});
		checkout.mount(host);
		const frame = page.frameLocator(page.getByTitle('Embedded checkout'));
		await frame.getByLabelText('Email').fill('embedded@example.com');
		await frame.getByLabelText('Card number').fill('4242 4242 4242 4242');
		await frame.getByLabelText('Expiration date').fill('12 / 34');
		await frame.getByLabelText('Security code').fill('123');
		await frame.getByRole('button', { name: /Pay/ }).click();
		await expect.poll(() => completed).toBe(true);
		checkout.destroy();
	});

	test('the express checkout button confirms with the deferred-intent flow', async () => {
		const host = document.createElement('div');
		host.id = 'payment';
		document.body.appendChild(host);
		const elements = stripe.elements({ mode: 'payment', amount: 1800, currency: 'usd' });
		const express = elements.create('expressCheckout');
		const ready = new Promise<void>((resolve) => express.on('ready', () => resolve()));
		const outcome = new Promise<string | undefined>((resolve) =>
			express.on('confirm', async () => {
				await elements.submit();
				const intent = await createIntent(1800);
				const result = await stripe.confirmPayment({
					elements,
					clientSecret: intent.client_secret,
					redirect: 'if_required'
				});
				resolve(result.paymentIntent?.status ?? result.error?.message);
			})
		);
		express.mount(host);
		await ready;
		await page
			.frameLocator(page.getByTitle('Secure expressCheckout input frame'))
			.getByRole('button', { name: 'Pay with Sandbox Wallet' })
			.click();
		expect(await outcome).toBe('succeeded');
	});
});
