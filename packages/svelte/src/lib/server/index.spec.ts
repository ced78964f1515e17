import { describe, expect, it } from 'vitest';
import * as server from './index.js';

describe('@nobs-pay/svelte/server', () => {
	it('exports the helpers by name', () => {
		for (const name of [
			'priceCart',
			'PricingError',
			'memoryInbox',
			'createWebhookHandler',
			'webhookCryptoProvider',
			'createPaymentIntentHandler',
			'createCheckoutSessionHandler',
			'createPortalSessionHandler',
			'verifyReturn',
			'ReturnVerificationError',
			'defineCatalog',
			'money',
			'formatMoney',
			'readJson'
		]) {
			expect(server, name).toHaveProperty(name, expect.any(Function));
		}
	});

	it('exports the cart body schema, which drops client prices', () => {
		const parsed = server.cartRequestSchema.parse({
			items: [{ sku: 'a', quantity: 1, unitAmount: 1 }]
		});
		expect(parsed.items).toEqual([{ sku: 'a', quantity: 1 }]);
	});

	it('formats a server-side total', () => {
		expect(
			server.formatMoney(server.money({ amount: 3998, currency: 'usd' }), { locale: 'en-US' })
		).toBe('$39.98');
	});
});
