import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { memoryAdapter } from './cart-storage.js';
import Harness from './test/cart-harness.svelte';

describe('Cart server render', () => {
	it('is the empty, not-hydrated cart whatever storage holds', () => {
		const storage = memoryAdapter({
			version: 1,
			items: [
				{ sku: 'ebook', name: 'Svelte ebook', unitAmount: 2999, currency: 'usd', quantity: 2 }
			]
		});
		let loads = 0;
		const { body } = render(Harness, {
			props: { storage: { ...storage, load: () => (loads++, storage.load()) }, locale: 'en-US' }
		});
		expect(loads).toBe(0);
		expect(body).toContain('aria-label="Cart, 0 items"');
		expect(body).toContain('data-state="loading"');
		expect(body).not.toContain('data-hydrated');
		expect(body).not.toContain('Svelte ebook');
	});

	it("renders the quantity of a cart given `items` as the field's value", () => {
		const { body } = render(Harness, {
			props: {
				storage: false,
				locale: 'en-US',
				items: [
					{ sku: 'ebook', name: 'Svelte ebook', unitAmount: 2999, currency: 'usd', quantity: 2 }
				]
			}
		});
		const inputs = body.match(/<input[^>]*type="number"[^>]*>/g) ?? [];
		expect(inputs.length).toBeGreaterThan(0);
		for (const input of inputs) expect(input).toMatch(/ value="2"/);
	});
});
