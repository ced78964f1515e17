import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cartItemFrom, findPrice, type Catalog } from './catalog.js';
import { defineCatalog } from './catalog-schema.js';

// A plain typed object, as a page imports it; the server validates the same object.
const catalog: Catalog = {
	products: [
		{
			id: 'starter',
			name: 'Starter bundle',
			description: 'Everything to sell a first product.',
			features: [],
			prices: [{ sku: 'starter', currency: 'usd', unitAmount: 19900, maxQuantity: 3 }],
			metadata: {}
		},
		{
			id: 'mug',
			name: 'Mug',
			description: '',
			features: [],
			prices: [{ sku: 'mug-jpy', currency: 'jpy', unitAmount: 1500 }],
			metadata: {}
		}
	]
};

describe('cartItemFrom', () => {
	it('makes the cart item of a catalog price', () => {
		expect(cartItemFrom({ catalog, sku: 'starter' })).toEqual({
			sku: 'starter',
			name: 'Starter bundle',
			unitAmount: 19900,
			currency: 'usd',
			max: 3,
			description: 'Everything to sell a first product.'
		});
		expect(cartItemFrom({ catalog, sku: 'mug-jpy' })).toEqual({
			sku: 'mug-jpy',
			name: 'Mug',
			unitAmount: 1500,
			currency: 'jpy'
		});
	});

	it('names the SKU a page got wrong', () => {
		expect(() => cartItemFrom({ catalog, sku: 'startr' })).toThrow(/no price with SKU "startr"/);
	});

	it('reads the same catalog the server validates', () => {
		expect(defineCatalog(catalog)).toEqual(catalog);
		expect(findPrice(catalog, 'mug-jpy')?.product.id).toBe('mug');
	});
});

describe('the catalog module pages import', () => {
	it('imports no validator, so zod stays out of the browser', () => {
		const source = readFileSync(new URL('./catalog.ts', import.meta.url), 'utf8');
		expect(source).not.toMatch(/from ['"]zod/);
		expect(source).not.toMatch(/catalog-schema/);
	});
});
