import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The sandbox's package entry points at a build this repository does not run before tests.
import { startSandbox, type Sandbox } from './test/sandbox.js';
import { ReturnVerificationError, verifyReturn } from './verify-return.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

function returnUrl(paymentIntent: string, clientSecret: string): URL {
	const url = new URL('https://shop.example/checkout/complete');
	url.searchParams.set('payment_intent', paymentIntent);
	url.searchParams.set('payment_intent_client_secret', clientSecret);
	url.searchParams.set('redirect_status', 'succeeded');
	return url;
}

async function failure(url: URL | string): Promise<ReturnVerificationError> {
	try {
		await verifyReturn({ stripe, url });
	} catch (error) {
		if (error instanceof ReturnVerificationError) return error;
		throw error;
	}
	throw new Error('Expected a ReturnVerificationError');
}

describe('verifyReturn', () => {
	it('reports the status Stripe has for a paid intent', async () => {
		const intent = await stripe.paymentIntents.create({
			amount: 1999,
			currency: 'usd',
			payment_method: 'pm_card_visa',
			confirm: true,
			automatic_payment_methods: { enabled: true, allow_redirects: 'never' }
		});
		const result = await verifyReturn({ stripe, url: returnUrl(intent.id, intent.client_secret!) });
		expect(result.status).toBe('succeeded');
		expect(result.paymentIntent.id).toBe(intent.id);
	});

	it('reports requires_payment_method for an unpaid intent, whatever the URL says', async () => {
		const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
		const url = returnUrl(intent.id, intent.client_secret!).href;
		const result = await verifyReturn({ stripe, url });
		expect(result.status).toBe('requires_payment_method');
	});

	it('refuses another intent’s client secret', async () => {
		const mine = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
		const theirs = await stripe.paymentIntents.create({ amount: 90000, currency: 'usd' });
		const error = await failure(returnUrl(theirs.id, mine.client_secret!));
		expect(error.code).toBe('client_secret_mismatch');
	});

	it('refuses a secret that differs only in its last character', async () => {
		const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
		const secret = intent.client_secret!;
		const forged = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect((await failure(returnUrl(intent.id, forged))).code).toBe('client_secret_mismatch');
	});

	it('names missing, malformed and unknown parameters', async () => {
		expect((await failure('https://shop.example/checkout/complete')).code).toBe(
			'missing_parameters'
		);
		expect((await failure(returnUrl('pi_1/../../customers', 'pi_1_secret_x'))).code).toBe(
			'invalid_parameters'
		);
		expect((await failure(returnUrl('pi_doesnotexist', 'pi_doesnotexist_secret_abc'))).code).toBe(
			'not_found'
		);
	});

	it('reports provider_error when Stripe cannot be reached', async () => {
		const offline = new Stripe('sk_test_offline', {
			host: '127.0.0.1',
			port: 9,
			protocol: 'http',
			maxNetworkRetries: 0
		});
		const url = returnUrl('pi_123', 'pi_123_secret_abc');
		await expect(verifyReturn({ stripe: offline, url })).rejects.toMatchObject({
			code: 'provider_error'
		});
	});
});
