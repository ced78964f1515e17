import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.js';
import { parseProductMap } from './product-map.js';

describe('parseProductMap', () => {
	it('maps platform ids, base64 ones included, to one-time catalog prices', () => {
		const map = parseProductMap(' AbC12===bundle-starter , nobs-pro=bundle-professional,');
		expect([...map.keys()]).toEqual(['AbC12==', 'nobs-pro']);
		expect(map.get('AbC12==')).toEqual({
			sku: 'bundle-starter',
			name: 'Starter bundle',
			unitAmount: 19_900,
			currency: 'usd',
			maxQuantity: 10
		});
		expect(parseProductMap('').size).toBe(0);
	});

	it('refuses unknown SKUs, subscription SKUs, duplicates and malformed pairs', () => {
		expect(() => parseProductMap('a=bundle-nope')).toThrow('"bundle-nope" is not a one-time SKU');
		expect(() => parseProductMap('a=api-pro-monthly')).toThrow('not a one-time SKU');
		expect(() => parseProductMap('a=bundle-starter,a=bundle-enterprise')).toThrow('mapped twice');
		expect(() => parseProductMap('bundle-starter')).toThrow('is not <platform id>=<sku>');
		expect(() => parseProductMap('=bundle-starter')).toThrow('is not <platform id>=<sku>');
	});

	it('stops the start on a bad mapping, and needs the seller id with the Gumroad secret', () => {
		const base = {
			STRIPE_SECRET_KEY: 'sk_test_1',
			STRIPE_PUBLISHABLE_KEY: 'pk_test_1',
			STRIPE_WEBHOOK_SECRET: 'whsec_1'
		};
		expect(() => readConfig({ ...base, LEMONSQUEEZY_VARIANTS: '1=nope' })).toThrow('nope');
		const secret = 'a'.repeat(32);
		expect(() => readConfig({ ...base, GUMROAD_PING_SECRET: secret })).toThrow('GUMROAD_SELLER_ID');
		const config = readConfig({
			...base,
			GUMROAD_PING_SECRET: secret,
			GUMROAD_SELLER_ID: 'seller',
			GUMROAD_PRODUCTS: 'p=bundle-starter'
		});
		expect(config.sources.gumroad?.products.get('p')?.sku).toBe('bundle-starter');
		expect(config.sources.lemonSqueezy).toBeUndefined();
		expect(readConfig(base).sources.gumroad).toBeUndefined();
	});
});
