import { describe, expect, it } from 'vitest';
import { withPaymentOrigins } from './security.js';

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
