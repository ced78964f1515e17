import type { Catalog } from '@nobs-pay/svelte';

// What the store sells: a plain typed object, so no page ships a validator (catalog.spec.ts
// validates it). The browser shows these prices; the server charges them, whatever the browser
// sends.
export const catalog: Catalog = {
	products: [
		{
			id: 'stickers',
			name: 'Sticker pack',
			description: 'Ten vinyl stickers.',
			features: [],
			metadata: {},
			prices: [{ sku: 'stickers', currency: 'usd', unitAmount: 499, maxQuantity: 10 }]
		},
		{
			id: 'ebook',
			name: 'Svelte ebook',
			description: 'The whole book, as PDF and EPUB.',
			features: [],
			metadata: {},
			prices: [{ sku: 'ebook', currency: 'usd', unitAmount: 2999, maxQuantity: 1 }]
		},
		{
			id: 'pro',
			name: 'Pro',
			description: 'Every new chapter, as it is written.',
			features: ['New chapters monthly', 'Source code', 'Email support'],
			highlight: 'Most popular',
			metadata: {},
			prices: [
				{
					sku: 'pro-monthly',
					currency: 'usd',
					unitAmount: 900,
					recurring: { interval: 'month', intervalCount: 1 }
				},
				{
					sku: 'pro-yearly',
					currency: 'usd',
					unitAmount: 9000,
					recurring: { interval: 'year', intervalCount: 1 }
				}
			]
		}
	]
};
