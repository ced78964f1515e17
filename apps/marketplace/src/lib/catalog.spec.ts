import { defineCatalog } from '@nobs-pay/svelte/server';
import { describe, expect, it } from 'vitest';
import { bundleProducts, catalog, planProducts } from './catalog.js';

describe('the marketplace catalog', () => {
	it('passes the library schema unchanged (no field left to a default)', () => {
		expect(defineCatalog(catalog)).toEqual(catalog);
	});

	it('sells the three bundles at $199, $499 and $1,499', () => {
		expect(bundleProducts.map((product) => product.prices[0]?.unitAmount)).toEqual([
			19900, 49900, 149900
		]);
	});

	it('offers Pro and Team monthly and yearly, and Enterprise through sales', () => {
		const prices = Object.fromEntries(
			planProducts.map((product) => [product.id, product.prices.map((price) => price.unitAmount)])
		);
		expect(prices).toEqual({
			'api-pro': [9900, 99000],
			'api-team': [49900, 499000],
			'api-enterprise': []
		});
		expect(planProducts.at(-1)?.contact?.label).toBe('Contact sales');
	});
});
