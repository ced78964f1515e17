import { defineCatalog } from '@nobs-pay/svelte/server';
import { describe, expect, it } from 'vitest';
import { bundleProducts, catalog, planLimits, planProducts } from './catalog.js';

describe('the marketplace catalog', () => {
	it('passes the library schema unchanged (no field left to a default)', () => {
		// `limits` is the marketplace's own field, which the library's schema does not know.
		const products = catalog.products.map(({ limits: _limits, ...product }) => product);
		expect(defineCatalog(catalog)).toEqual({ products });
	});

	it('limits the API plans: Pro capped, Team billed past its included calls', () => {
		expect(planLimits('api-pro')).toEqual({
			requestsPerMinute: 60,
			callsPerPeriod: 10_000,
			beyondQuota: 'block'
		});
		expect(planLimits('api-team')).toEqual({
			requestsPerMinute: 600,
			callsPerPeriod: 250_000,
			beyondQuota: 'bill'
		});
		expect(planLimits('api-enterprise')?.beyondQuota).toBe('bill');
		expect(planLimits('bundle-starter')).toBeUndefined();
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
