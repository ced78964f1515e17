import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

const stripe = {
	STRIPE_SECRET_KEY: 'sk_test_123',
	STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
	STRIPE_WEBHOOK_SECRET: 'whsec_a, whsec_b,'
};

describe('readConfig', () => {
	it('talks to Stripe when no API URL is set, and is never in sandbox mode then', () => {
		const config = readConfig({ ...stripe, NOBS_SANDBOX: '1' });
		expect(config.stripe.clientOptions).toEqual({});
		expect(config.stripe.origins).toContain('https://js.stripe.com');
		expect(config.sandbox).toBe(false);
	});

	it('reaches the sandbox through configuration only', () => {
		const config = readConfig({
			...stripe,
			STRIPE_API_URL: 'http://127.0.0.1:12111',
			STRIPE_JS_URL: 'http://127.0.0.1:12111/v3/stripe.js',
			NOBS_SANDBOX: '1'
		});
		expect(config.stripe.clientOptions).toEqual({
			host: '127.0.0.1',
			port: 12111,
			protocol: 'http'
		});
		expect(config.stripe.origins).toEqual(['http://127.0.0.1:12111']);
		expect(config.sandbox).toBe(true);
	});

	it('keeps sandbox mode off for an API that is not on this machine', () => {
		const config = readConfig({
			...stripe,
			STRIPE_API_URL: 'https://stripe-proxy.example',
			NOBS_SANDBOX: '1'
		});
		expect(config.sandbox).toBe(false);
	});

	it('accepts several webhook secrets and drops empty ones', () => {
		expect(readConfig(stripe).stripe.webhookSecrets).toEqual(['whsec_a', 'whsec_b']);
	});

	it('refuses live keys and says how to run without Stripe', () => {
		expect(() => readConfig({ ...stripe, STRIPE_SECRET_KEY: 'sk_live_123' })).toThrow(
			/test-mode key[\s\S]*pnpm start/
		);
	});

	it('reads the milestones and the shop time zone, and refuses a zone that does not exist', () => {
		expect(readConfig(stripe).milestones).toEqual([1000, 5000, 10000]);
		expect(readConfig(stripe).timeZone).toBe('UTC');
		const config = readConfig({
			...stripe,
			MILESTONES: ' 500, 100,500 ',
			SHOP_TIME_ZONE: 'Asia/Tokyo'
		});
		expect(config.milestones).toEqual([100, 500]);
		expect(config.timeZone).toBe('Asia/Tokyo');
		expect(() => readConfig({ ...stripe, SHOP_TIME_ZONE: 'Mars/Olympus' })).toThrow(/IANA/);
		expect(() => readConfig({ ...stripe, MILESTONES: '1k' })).toThrow(/comma-separated/);
	});
});
