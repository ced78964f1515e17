import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { Price } from './catalog.js';
import { defineCatalog, type ProductInput } from './catalog-schema.js';
import PricingRoot from './pricing-root.svelte';
import { intervalsOf, priceFor, savingVersusMonthly, yearlySaving } from './pricing.js';
import { saasCatalog } from './test/fixtures.js';

const price = (
	sku: string,
	currency: string,
	unitAmount: number,
	interval?: 'day' | 'week' | 'month' | 'year'
): Price =>
	defineCatalog({
		products: [
			{
				id: 'p',
				name: 'P',
				prices: [{ sku, currency, unitAmount, ...(interval && { recurring: { interval } }) }]
			}
		]
	}).products[0]!.prices[0]!;

const products = (...inputs: ProductInput[]) => defineCatalog({ products: inputs }).products;

describe('savingVersusMonthly', () => {
	it('computes 12 × monthly − yearly and the rounded percentage in USD', () => {
		const saving = savingVersusMonthly({
			monthly: price('m', 'usd', 1900, 'month'),
			yearly: price('y', 'usd', 19000, 'year')
		});
		expect(saving).toEqual({ amount: { amount: 3800, currency: 'usd' }, percent: 17 });
	});

	it('is exact for zero-decimal JPY', () => {
		const saving = savingVersusMonthly({
			monthly: price('m', 'jpy', 980, 'month'),
			yearly: price('y', 'jpy', 9800, 'year')
		});
		// 12 × 980 = 11760; 11760 − 9800 = 1960 yen; 1960 / 11760 = 16.67 %
		expect(saving?.amount).toEqual({ amount: 1960, currency: 'jpy' });
		expect(saving?.percent).toBe(17);
	});

	it('is exact for three-decimal KWD where floats drift', () => {
		// 0.1 KWD a month is 100 fils; in floats 12 × 0.1 − 1.1 = 0.09999999999999987.
		const saving = savingVersusMonthly({
			monthly: price('m', 'kwd', 100, 'month'),
			yearly: price('y', 'kwd', 1100, 'year')
		});
		expect(saving?.amount).toEqual({ amount: 100, currency: 'kwd' });
		expect(saving?.percent).toBe(8);
	});

	it('reports no saving when yearly costs as much as twelve months or more', () => {
		expect(
			savingVersusMonthly({
				monthly: price('m', 'usd', 1000, 'month'),
				yearly: price('y', 'usd', 12000, 'year')
			})
		).toBeUndefined();
		expect(
			savingVersusMonthly({
				monthly: price('m', 'usd', 1000, 'month'),
				yearly: price('y', 'usd', 13000, 'year')
			})
		).toBeUndefined();
	});

	it('reports no saving across currencies rather than comparing yen with dollars', () => {
		expect(
			savingVersusMonthly({
				monthly: price('m', 'usd', 1000, 'month'),
				yearly: price('y', 'jpy', 1000, 'year')
			})
		).toBeUndefined();
	});
});

describe('yearlySaving', () => {
	it('pairs the product’s monthly and yearly prices', () => {
		const [pro] = products({
			id: 'pro',
			name: 'Pro',
			prices: [
				{ sku: 'pro-m', currency: 'eur', unitAmount: 2500, recurring: { interval: 'month' } },
				{ sku: 'pro-y', currency: 'eur', unitAmount: 24000, recurring: { interval: 'year' } }
			]
		});
		expect(yearlySaving({ product: pro! })).toEqual({
			amount: { amount: 6000, currency: 'eur' },
			percent: 20
		});
	});

	it('is undefined without a monthly price to compare with', () => {
		const [yearlyOnly] = products({
			id: 'y',
			name: 'Y',
			prices: [{ sku: 'y', currency: 'usd', unitAmount: 9900, recurring: { interval: 'year' } }]
		});
		expect(yearlySaving({ product: yearlyOnly! })).toBeUndefined();
	});
});

describe('intervalsOf', () => {
	it('lists intervals offered by any product, monthly first, without duplicates', () => {
		const list = products(
			{
				id: 'a',
				name: 'A',
				prices: [{ sku: 'a-y', currency: 'usd', unitAmount: 100, recurring: { interval: 'year' } }]
			},
			{
				id: 'b',
				name: 'B',
				prices: [
					{ sku: 'b-y', currency: 'usd', unitAmount: 100, recurring: { interval: 'year' } },
					{ sku: 'b-m', currency: 'usd', unitAmount: 10, recurring: { interval: 'month' } }
				]
			}
		);
		expect(intervalsOf({ products: list })).toEqual(['month', 'year']);
	});

	it('offers at most three intervals and ignores one-time and multi-period prices', () => {
		const list = products({
			id: 'all',
			name: 'All',
			prices: [
				{ sku: 'd', currency: 'usd', unitAmount: 1, recurring: { interval: 'day' } },
				{ sku: 'w', currency: 'usd', unitAmount: 5, recurring: { interval: 'week' } },
				{ sku: 'm', currency: 'usd', unitAmount: 20, recurring: { interval: 'month' } },
				{ sku: 'y', currency: 'usd', unitAmount: 200, recurring: { interval: 'year' } },
				{
					sku: 'q',
					currency: 'usd',
					unitAmount: 50,
					recurring: { interval: 'month', intervalCount: 3 }
				},
				{ sku: 'once', currency: 'usd', unitAmount: 999 }
			]
		});
		expect(intervalsOf({ products: list })).toEqual(['month', 'year', 'week']);
	});

	it('is empty for a catalog of one-time bundles', () => {
		const list = products({
			id: 'bundle',
			name: 'Bundle',
			prices: [{ sku: 'bundle', currency: 'usd', unitAmount: 4900 }]
		});
		expect(intervalsOf({ products: list })).toEqual([]);
	});
});

describe('priceFor', () => {
	const [mixed] = products({
		id: 'mixed',
		name: 'Mixed',
		prices: [
			{ sku: 'm', currency: 'usd', unitAmount: 20, recurring: { interval: 'month' } },
			{ sku: 'once', currency: 'usd', unitAmount: 999 }
		]
	});

	it('picks the price billed every selected interval', () => {
		expect(priceFor({ product: mixed!, interval: 'month' })?.sku).toBe('m');
	});

	it('falls back to the one-time price when the interval has no price', () => {
		expect(priceFor({ product: mixed!, interval: 'year' })?.sku).toBe('once');
		expect(priceFor({ product: mixed!, interval: undefined })?.sku).toBe('once');
	});

	it('is undefined for a contact-only product', () => {
		const [enterprise] = products({
			id: 'ent',
			name: 'Enterprise',
			contact: { label: 'Contact sales', href: '/contact' }
		});
		expect(priceFor({ product: enterprise!, interval: 'month' })).toBeUndefined();
	});
});

describe('server render', () => {
	it('renders the whole table with the selected interval checked and no browser APIs', () => {
		const { body } = render(PricingRoot, {
			props: { catalog: saasCatalog, interval: 'year', locale: 'en-US', currentPlan: 'starter' }
		});
		expect(body).toMatch(/<input[^>]*value="year"[^>]*checked/);
		expect(body).not.toMatch(/<input[^>]*value="month"[^>]*checked/);
		expect(body).toContain('$190');
		expect(body).toContain('Save 17%');
		expect(body).toContain('Current plan');
		expect(body).toContain('Choose Pro');
	});
});
