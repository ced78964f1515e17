import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './test/sandbox.js';
import { createStripe } from './create-stripe.js';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

describe('createStripe', () => {
	it('reaches the API named by STRIPE_API_BASE', async () => {
		const stripe = createStripe({
			env: { STRIPE_SECRET_KEY: sandbox.secretKey, STRIPE_API_BASE: sandbox.url },
			config: { maxNetworkRetries: 0 }
		});
		const customer = await stripe.customers.create({ email: 'ada@example.com' });
		expect(customer.id).toMatch(/^cus_/);
		expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
	});

	it('uses api.stripe.com over https when STRIPE_API_BASE is unset', () => {
		const stripe = createStripe({ env: { STRIPE_SECRET_KEY: 'sk_test_123' } });
		expect(stripe.getApiField('host')).toBe('api.stripe.com');
		expect(stripe.getApiField('protocol')).toBe('https');
	});

	it('refuses a missing key or a base that is not an http(s) URL', () => {
		expect(() => createStripe({ env: {} })).toThrow(/STRIPE_SECRET_KEY/);
		expect(() =>
			createStripe({ env: { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_API_BASE: '127.0.0.1:80' } })
		).toThrow(/STRIPE_API_BASE/);
	});
});
