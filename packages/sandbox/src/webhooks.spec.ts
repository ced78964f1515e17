import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { signPayload } from './webhooks.js';

const stripe = new Stripe('sk_test_signature_check');
const payload = JSON.stringify({
	id: 'evt_123',
	object: 'event',
	type: 'customer.created',
	data: { object: { id: 'cus_1' } }
});

describe('signPayload', () => {
	test('makes the header Stripe makes, byte for byte', () => {
		const timestamp = 1_700_000_000;
		const ours = signPayload(payload, 'whsec_abc', timestamp);
		expect(ours).toBe(
			stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_abc', timestamp })
		);
	});

	test('verifies with constructEvent, and fails with another secret or a changed body', () => {
		const header = signPayload(payload, 'whsec_abc', Math.floor(Date.now() / 1000));
		expect(stripe.webhooks.constructEvent(payload, header, 'whsec_abc').id).toBe('evt_123');
		expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow();
		expect(() =>
			stripe.webhooks.constructEvent(payload.replace('cus_1', 'cus_2'), header, 'whsec_abc')
		).toThrow();
	});
});
