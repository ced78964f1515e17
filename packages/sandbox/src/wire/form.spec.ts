import { describe, expect, test } from 'vitest';
import { StripeApiError } from './errors.js';
import { parseForm } from './form.js';

describe('parseForm', () => {
	test('nests objects and arrays as Stripe writes them', () => {
		const form = parseForm(
			'amount=1000&metadata[order]=o_1&items[0][price]=price_a&items[1][price]=price_b&items[1][quantity]=2&expand[]=latest_charge&expand[]=customer'
		);
		expect(form).toEqual({
			amount: '1000',
			metadata: { order: 'o_1' },
			items: [{ price: 'price_a' }, { price: 'price_b', quantity: '2' }],
			expand: ['latest_charge', 'customer']
		});
	});

	test('keeps index order and compacts gaps', () => {
		expect(parseForm('items[5][price]=b&items[2][price]=a')).toEqual({
			items: [{ price: 'a' }, { price: 'b' }]
		});
	});

	test('an empty value may later become an object (metadata= then metadata[k]=v)', () => {
		expect(parseForm('metadata=&metadata[k]=v')).toEqual({ metadata: { k: 'v' } });
	});

	test.each([
		['a=1&a[b]=2', 'Conflicting values'],
		['a[b]=1&a=2', 'Conflicting values'],
		['__proto__[polluted]=1', 'Invalid parameter name'],
		['a[constructor][prototype]=1', 'Invalid parameter name'],
		['a[b=1', 'Invalid parameter name'],
		['[a]=1', 'Invalid parameter name'],
		['a[1001]=x', 'Array index too large'],
		[`${'a' + '[b]'.repeat(9)}=1`, 'nested too deeply']
	])('refuses %s with a 400', (body, message) => {
		const attempt = (): unknown => parseForm(body);
		expect(attempt).toThrow(StripeApiError);
		expect(attempt).toThrow(message);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
