import { describe, expect, it } from 'vitest';
import { CartError, CartState } from './cart.svelte.js';
import {
	MAX_LINE_QUANTITY,
	memoryAdapter,
	parseCartLine,
	parseStoredCart
} from './cart-storage.js';
import type { CartProduct } from './types.js';
import { bundle, ebook, yenPlan } from './test/fixtures.js';

const cart = (items: CartProduct[] = []) => {
	const state = new CartState({ storage: false, locale: 'en-US' });
	for (const item of items) state.add(item);
	return state;
};

function refusal(result: ReturnType<CartState['add']>): CartError {
	if (result.ok) throw new Error('expected the operation to be refused');
	return result.error;
}

describe('CartState derived values', () => {
	it('counts units, sums lines and formats the subtotal', () => {
		const state = cart([bundle, ebook]);
		state.increment('pro-bundle');
		expect(state.count).toBe(3);
		expect(state.subtotal).toEqual({ amount: 19900 * 2 + 2999, currency: 'usd' });
		expect(state.formatted.subtotal).toBe('$427.99');
		expect(state.get('pro-bundle')?.total.amount).toBe(39800);
		expect(state.isEmpty).toBe(false);
		expect(state.currency).toBe('usd');
		expect(state.toJSON()).toEqual([
			{ sku: 'pro-bundle', quantity: 2 },
			{ sku: 'ebook', quantity: 1 }
		]);
		expect(JSON.stringify(state)).toBe(JSON.stringify(state.lines));
	});

	it('formats zero-decimal currencies without minor digits', () => {
		const state = cart([yenPlan]);
		state.setQuantity('jp-plan', 3);
		expect(state.subtotal).toEqual({ amount: 4500, currency: 'jpy' });
		expect(state.formatted.subtotal).toBe('¥4,500');
	});

	it('forgets the currency once the cart is empty again', () => {
		const state = cart([bundle]);
		state.clear();
		expect(state.isEmpty).toBe(true);
		expect(state.currency).toBeNull();
		expect(state.add(yenPlan).ok).toBe(true);
		expect(state.currency).toBe('jpy');
	});

	it('announces each change with the new count and subtotal', () => {
		const state = cart([bundle]);
		state.increment('pro-bundle');
		expect(state.announcement).toBe(
			'Professional bundle: quantity 2. 2 items in cart, subtotal $398.00.'
		);
		state.clear();
		expect(state.announcement).toBe('Cart emptied. 0 items in cart.');
	});
});

describe('CartState limits (refused, never clamped)', () => {
	it('takes the smaller of max and stock as the limit', () => {
		const state = cart([{ ...ebook, max: 5, stock: 10 }, bundle]);
		expect(state.quantityLimit('ebook')).toBe(5);
		expect(state.quantityLimit('pro-bundle')).toBe(3);
		expect(state.quantityLimit('missing')).toBeUndefined();
		expect(cart([{ ...ebook }]).quantityLimit('ebook')).toBe(MAX_LINE_QUANTITY);
	});

	it('refuses to go over the limit and leaves the cart unchanged', () => {
		const state = cart([bundle]);
		expect(state.setQuantity('pro-bundle', 3).ok).toBe(true);
		const error = refusal(state.increment('pro-bundle'));
		expect(error).toBeInstanceOf(CartError);
		expect(error.code).toBe('over_limit');
		expect(error.message).toBe('Only 3 of Professional bundle are available.');
		expect(state.count).toBe(3);
		expect(state.error?.code).toBe('over_limit');
		expect(refusal(state.add(bundle)).code).toBe('over_limit');
		expect(state.canAdd(bundle).ok).toBe(false);
		expect(refusal(state.add({ ...ebook, stock: 0 })).message).toBe(
			'Svelte ebook is out of stock.'
		);
	});

	it('stops decrement at min, and only an explicit 0 removes', () => {
		const state = cart();
		expect(refusal(state.add({ ...ebook, min: 2 })).code).toBe('under_minimum');
		state.add({ ...ebook, min: 2 }, 2);
		expect(refusal(state.decrement('ebook')).code).toBe('under_minimum');
		expect(refusal(state.setQuantity('ebook', 1)).code).toBe('under_minimum');
		expect(state.setQuantity('ebook', 0).ok).toBe(true);
		expect(state.isEmpty).toBe(true);
	});

	it('clears the error after the next successful change', () => {
		const state = cart([bundle]);
		state.setQuantity('pro-bundle', 99);
		expect(state.error?.code).toBe('over_limit');
		state.decrement('pro-bundle');
		expect(state.error?.code).toBe('under_minimum');
		state.add(ebook);
		expect(state.error).toBeNull();
	});

	it('refuses invalid quantities and unknown SKUs', () => {
		const state = cart([bundle]);
		expect(refusal(state.setQuantity('pro-bundle', 1.5)).code).toBe('invalid_quantity');
		expect(refusal(state.setQuantity('pro-bundle', -1)).code).toBe('invalid_quantity');
		expect(refusal(state.add(ebook, 0)).code).toBe('invalid_quantity');
		expect(refusal(state.remove('nope')).code).toBe('unknown_sku');
		expect(refusal(state.increment('nope')).code).toBe('unknown_sku');
		expect(refusal(state.add({ ...ebook, unitAmount: 9.99 })).code).toBe('invalid_item');
	});
});

describe('CartState currency', () => {
	it('refuses a second currency with a clear error', () => {
		const state = cart([bundle]);
		const error = refusal(state.add(yenPlan));
		expect(error.code).toBe('currency_mismatch');
		expect(error.message).toBe('Plan is priced in JPY, but your cart is in USD.');
		expect(state.items.map((line) => line.sku)).toEqual(['pro-bundle']);
	});

	it('holds a fixed currency even while empty', () => {
		const state = new CartState({ storage: false, currency: 'JPY', locale: 'ja-JP' });
		expect(state.formatted.subtotal).toBe('￥0');
		expect(refusal(state.add(ebook)).code).toBe('currency_mismatch');
	});
});

describe('persistence', () => {
	const stored = (items: unknown[]) => ({ version: 1, items });
	const line = { ...ebook, quantity: 2 };

	it('saves after hydration and restores in a new cart', () => {
		const storage = memoryAdapter();
		const first = new CartState({ storage });
		expect(first.hydrated).toBe(false);
		first.connect();
		expect(first.hydrated).toBe(true);
		first.add(bundle, 2);
		const second = new CartState({ storage });
		expect(second.isEmpty).toBe(true);
		second.connect();
		expect(second.lines).toEqual([{ sku: 'pro-bundle', quantity: 2 }]);
	});

	it('drops tampered entries one by one and keeps the valid ones', () => {
		const lines = parseStoredCart(
			stored([
				line,
				{ ...line, sku: 'negative', unitAmount: -100 },
				{ ...line, sku: 'over-stock', quantity: 9, stock: 2 },
				{ ...line, sku: 'fraction', quantity: 1.5 },
				{ ...line, sku: 'script', image: 'javascript:alert(1)' },
				{ ...line, sku: 'yen', currency: 'jpy' },
				{ ...line, quantity: 1 },
				'not an object',
				null,
				{ ...line, sku: 'extra', isAdmin: true }
			])
		);
		expect(lines).toEqual([line, { ...line, sku: 'extra' }]);
	});

	it('treats corrupt or foreign data as an empty cart, never a crash', () => {
		for (const data of ['{not json', 42, [line], { version: 2, items: [line] }, { version: 1 }]) {
			expect(parseStoredCart(data)).toEqual([]);
		}
		expect(parseStoredCart(null)).toBeNull();
	});

	it('survives a throwing adapter and corrupt JSON from localStorage-like storage', () => {
		const state = new CartState({
			storage: {
				load: () => {
					throw new Error('SecurityError');
				},
				save: () => {}
			}
		});
		state.connect();
		expect(state.hydrated).toBe(true);
		expect(state.isEmpty).toBe(true);
	});

	it('keeps initial items when storage holds nothing, and drops stored lines of another fixed currency', () => {
		const empty = new CartState({ storage: memoryAdapter(), items: [line] });
		empty.connect();
		expect(empty.count).toBe(2);
		const fixed = new CartState({ storage: memoryAdapter(stored([line])), currency: 'eur' });
		fixed.connect();
		expect(fixed.isEmpty).toBe(true);
	});

	it('follows changes from another tab without saving them back', () => {
		let listener: (data: unknown) => void = () => {};
		let saves = 0;
		const state = new CartState({
			storage: {
				load: () => null,
				save: () => void saves++,
				subscribe: (callback) => {
					listener = callback;
					return () => {};
				}
			}
		});
		state.connect();
		listener(stored([line]));
		expect(state.count).toBe(2);
		listener(null);
		expect(state.isEmpty).toBe(true);
		expect(saves).toBe(0);
	});
});

describe('parseCartLine', () => {
	const valid = { sku: 'pro', name: 'Pro', unitAmount: 49900, currency: 'usd', quantity: 2 };

	it('keeps the known fields of a valid line and drops the rest', () => {
		expect(parseCartLine({ ...valid, max: 5, image: '/pro.png', price: 1, __proto__x: 1 })).toEqual(
			{
				...valid,
				max: 5,
				image: '/pro.png'
			}
		);
	});

	it('keeps what the quantity counts', () => {
		const labels = { unitLabel: 'per project', quantityLabel: 'Projects' };
		expect(parseCartLine({ ...valid, ...labels })).toEqual({ ...valid, ...labels });
	});

	it.each([
		['a missing field', { ...valid, name: undefined }],
		['an empty name', { ...valid, name: '' }],
		['a string amount', { ...valid, unitAmount: '49900' }],
		['a negative amount', { ...valid, unitAmount: -1 }],
		['a fractional quantity', { ...valid, quantity: 1.5 }],
		['a zero quantity', { ...valid, quantity: 0 }],
		['an upper-case currency', { ...valid, currency: 'USD' }],
		['a SKU with spaces', { ...valid, sku: 'pro bundle' }],
		['a javascript: image', { ...valid, image: 'javascript:alert(1)' }],
		['a protocol-relative image', { ...valid, image: '//evil.example/x.png' }],
		['a wrong optional type', { ...valid, stock: '3' }],
		['a non-object', 'pro']
	])('refuses %s', (_, value) => {
		expect(parseCartLine(value)).toBeUndefined();
	});
});
