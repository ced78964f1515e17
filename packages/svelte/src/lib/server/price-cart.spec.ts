import { describe, expect, it } from 'vitest';
import { defineCatalog } from '../pricing/catalog.js';
import {
	PricingError,
	priceCart,
	type LineItemInput,
	type PricingErrorCode
} from './price-cart.js';

const catalog = defineCatalog({
	products: [
		{
			id: 'ebook',
			name: 'The Payments Book',
			prices: [
				{ sku: 'ebook-usd', currency: 'usd', unitAmount: 1999, maxQuantity: 5 },
				{ sku: 'ebook-jpy', currency: 'jpy', unitAmount: 2500 },
				{ sku: 'ebook-kwd', currency: 'kwd', unitAmount: 6130 },
				{ sku: 'ebook-eur', currency: 'eur', unitAmount: 1799 }
			]
		},
		{
			id: 'stickers',
			name: 'Sticker pack',
			prices: [
				{ sku: 'stickers', currency: 'usd', unitAmount: 350 },
				{ sku: 'stickers-jpy', currency: 'jpy', unitAmount: 500 }
			]
		},
		{
			id: 'pro',
			name: 'Pro plan',
			prices: [
				{
					sku: 'pro-monthly',
					currency: 'usd',
					unitAmount: 2900,
					recurring: { interval: 'month' },
					stripePriceId: 'price_pro_monthly'
				},
				{ sku: 'pro-yearly', currency: 'usd', unitAmount: 29000, recurring: { interval: 'year' } },
				{ sku: 'seat-monthly', currency: 'usd', unitAmount: 900, recurring: { interval: 'month' } }
			]
		},
		{
			id: 'enterprise',
			name: 'Enterprise licence',
			prices: [{ sku: 'enterprise', currency: 'usd', unitAmount: 99_999_999, maxQuantity: 10 }]
		}
	]
});

function failure(run: () => unknown): PricingError {
	try {
		run();
	} catch (error) {
		if (error instanceof PricingError) return error;
		throw error;
	}
	throw new Error('Expected a PricingError');
}

function code(
	items: readonly LineItemInput[],
	options: { mode?: 'payment' | 'subscription' } = {}
) {
	return failure(() => priceCart({ catalog, items, ...options })).code;
}

describe('priceCart', () => {
	it('prices every line from the catalog and sums the total', () => {
		const cart = priceCart({
			catalog,
			items: [
				{ sku: 'ebook-usd', quantity: 2 },
				{ sku: 'stickers', quantity: 3 }
			]
		});
		expect(cart).toEqual({
			currency: 'usd',
			amount: 2 * 1999 + 3 * 350,
			lines: [
				{
					sku: 'ebook-usd',
					quantity: 2,
					unitAmount: 1999,
					amount: 3998,
					name: 'The Payments Book',
					productId: 'ebook'
				},
				{
					sku: 'stickers',
					quantity: 3,
					unitAmount: 350,
					amount: 1050,
					name: 'Sticker pack',
					productId: 'stickers'
				}
			]
		});
	});

	it('prices zero-decimal JPY in whole yen', () => {
		const cart = priceCart({
			catalog,
			items: [
				{ sku: 'ebook-jpy', quantity: 3 },
				{ sku: 'stickers-jpy', quantity: 1 }
			]
		});
		expect(cart.currency).toBe('jpy');
		expect(cart.amount).toBe(8000);
	});

	it('prices three-decimal KWD in fils', () => {
		const cart = priceCart({ catalog, items: [{ sku: 'ebook-kwd', quantity: 3 }] });
		expect(cart).toMatchObject({ currency: 'kwd', amount: 18_390 });
		expect(cart.amount % 10).toBe(0);
	});

	it('ignores prices, names and totals a client slips into the items', () => {
		const tampered = [
			{
				sku: 'ebook-usd',
				quantity: 1,
				unitAmount: 1,
				amount: 1,
				price: 0,
				name: 'Free',
				currency: 'jpy'
			}
		];
		const cart = priceCart({ catalog, items: tampered });
		expect(cart.amount).toBe(1999);
		expect(cart.currency).toBe('usd');
		expect(cart.lines[0]).toMatchObject({
			unitAmount: 1999,
			amount: 1999,
			name: 'The Payments Book'
		});
	});

	it('keeps subscription details and the Stripe Price id on a line', () => {
		const cart = priceCart({
			catalog,
			items: [{ sku: 'pro-monthly', quantity: 1 }],
			mode: 'subscription'
		});
		expect(cart.lines[0]).toMatchObject({
			recurring: { interval: 'month', intervalCount: 1 },
			stripePriceId: 'price_pro_monthly'
		});
	});

	it('merges repeated SKUs before checking the quantity limit', () => {
		const cart = priceCart({
			catalog,
			items: [
				{ sku: 'ebook-usd', quantity: 2 },
				{ sku: 'ebook-usd', quantity: 3 }
			]
		});
		expect(cart.lines).toHaveLength(1);
		expect(cart.lines[0]?.quantity).toBe(5);
		expect(
			code([
				{ sku: 'ebook-usd', quantity: 3 },
				{ sku: 'ebook-usd', quantity: 3 }
			])
		).toBe('quantity_limit');
	});

	it('accepts exactly the limit and refuses one more', () => {
		expect(priceCart({ catalog, items: [{ sku: 'ebook-usd', quantity: 5 }] }).amount).toBe(9995);
		expect(code([{ sku: 'ebook-usd', quantity: 6 }])).toBe('quantity_limit');
		// Without a per-price limit the default of 999 applies.
		expect(priceCart({ catalog, items: [{ sku: 'stickers', quantity: 999 }] }).amount).toBe(
			349_650
		);
		expect(code([{ sku: 'stickers', quantity: 1000 }])).toBe('quantity_limit');
		expect(
			failure(() =>
				priceCart({ catalog, items: [{ sku: 'stickers', quantity: 11 }], maxQuantity: 10 })
			).code
		).toBe('quantity_limit');
	});

	const cases: [PricingErrorCode, LineItemInput[], { mode?: 'payment' | 'subscription' }?][] = [
		['empty_cart', []],
		['unknown_sku', [{ sku: 'ebook-gbp', quantity: 1 }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: 0 }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: -2 }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: 1.5 }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: Number.NaN }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: Number.POSITIVE_INFINITY }]],
		['invalid_quantity', [{ sku: 'stickers', quantity: '2' as unknown as number }]],
		['quantity_limit', [{ sku: 'stickers', quantity: 10_000 }]],
		[
			'mixed_currencies',
			[
				{ sku: 'ebook-usd', quantity: 1 },
				{ sku: 'ebook-eur', quantity: 1 }
			]
		],
		['recurring_in_payment', [{ sku: 'pro-monthly', quantity: 1 }], { mode: 'payment' }],
		['missing_recurring', [{ sku: 'stickers', quantity: 1 }], { mode: 'subscription' }],
		[
			'mixed_intervals',
			[
				{ sku: 'pro-monthly', quantity: 1 },
				{ sku: 'pro-yearly', quantity: 1 }
			]
		],
		['amount_too_large', [{ sku: 'enterprise', quantity: 2 }]]
	];
	it.each(cases)('refuses with code %s (%j)', (expected, items, options) => {
		expect(code(items, options)).toBe(expected);
	});

	it('refuses a cart with more distinct SKUs than maxLines', () => {
		const items = [
			{ sku: 'ebook-usd', quantity: 1 },
			{ sku: 'stickers', quantity: 1 },
			{ sku: 'pro-monthly', quantity: 1 }
		];
		const error = failure(() => priceCart({ catalog, items, maxLines: 2 }));
		expect(error.code).toBe('cart_too_large');
		expect(priceCart({ catalog, items, maxLines: 3 }).lines).toHaveLength(3);
	});

	it('names the SKU at fault and keeps the message short for unknown SKUs', () => {
		const error = failure(() =>
			priceCart({ catalog, items: [{ sku: 'x'.repeat(5000), quantity: 1 }] })
		);
		expect(error.code).toBe('unknown_sku');
		expect(error.message.length).toBeLessThan(100);
	});

	it('allows a monthly plan with monthly add-ons', () => {
		const cart = priceCart({
			catalog,
			items: [
				{ sku: 'pro-monthly', quantity: 1 },
				{ sku: 'seat-monthly', quantity: 4 }
			],
			mode: 'subscription'
		});
		expect(cart.amount).toBe(2900 + 4 * 900);
	});
});
