import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { money } from '../money/index.js';
import Harness from './test/checkout-harness.svelte';

// Server render: no window, no Stripe. Must not throw and must reserve the space of the form.
describe('Checkout on the server', () => {
	it('renders busy placeholders, the total and a disabled button without touching Stripe', () => {
		const { body } = render(Harness, {
			props: {
				stripe: null,
				amount: money({ amount: 49900, currency: 'usd' }),
				createPaymentIntent: async () => ({ clientSecret: 'pi_1_secret_x' }),
				details: true
			}
		});

		expect(body).toMatch(/<form[^>]*data-slot="checkout"[^>]*data-state="idle"/);
		for (const slot of [
			'checkout-payment-element',
			'checkout-address',
			'checkout-link-authentication'
		]) {
			expect(body).toMatch(
				new RegExp(
					`data-slot="${slot}"[^>]*data-state="loading"|data-state="loading"[^>]*data-slot="${slot}"`
				)
			);
		}
		expect(body.match(/aria-busy="true"/g)?.length).toBeGreaterThanOrEqual(3);
		// Hydration markers (<!--…-->) may sit between the tag and its text.
		expect(body).toMatch(/<button[^>]*disabled[^>]*>(<!--[^>]*-->)*\s*Pay \$499\.00/);
		expect(body).toContain('role="alert"');
	});
});
