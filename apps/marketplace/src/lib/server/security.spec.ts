import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { setSecurityHeaders, withPaymentOrigins } from './security.js';

describe('withPaymentOrigins', () => {
	const stripe = ['https://js.stripe.com', 'https://api.stripe.com'];

	it('adds the payment origins to the script, frame and connect directives', () => {
		const policy = withPaymentOrigins(
			"default-src 'self'; script-src 'self' 'sha256-abc'; object-src 'none'",
			stripe
		);
		expect(policy).toContain(
			"script-src 'self' 'sha256-abc' https://js.stripe.com https://api.stripe.com"
		);
		expect(policy).toContain("frame-src 'self' https://js.stripe.com https://api.stripe.com");
		expect(policy).toContain("connect-src 'self' https://js.stripe.com https://api.stripe.com");
		expect(policy).toContain("object-src 'none'");
	});

	it('closes everything for responses that are not pages', () => {
		expect(withPaymentOrigins(null, stripe)).toBe("default-src 'none'; frame-ancestors 'none'");
	});
});

describe('setSecurityHeaders', () => {
	const config = readConfig({
		STRIPE_SECRET_KEY: 'sk_test_123',
		STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
		STRIPE_WEBHOOK_SECRET: 'whsec_a'
	});

	it('keeps the headers a route set itself', () => {
		const closed = "default-src 'none'; style-src 'unsafe-inline'";
		const headers = new Headers({
			'referrer-policy': 'no-referrer',
			'content-security-policy': closed
		});
		setSecurityHeaders(headers, config, { page: false });
		expect(headers.get('referrer-policy')).toBe('no-referrer');
		expect(headers.get('content-security-policy')).toBe(closed);
		expect(headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('adds the payment origins to the policy SvelteKit generated for a page', () => {
		const headers = new Headers({ 'content-security-policy': "script-src 'self'" });
		setSecurityHeaders(headers, config, { page: true });
		expect(headers.get('content-security-policy')).toContain('https://js.stripe.com');
		expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	});
});
