import { defineCatalog } from '@nobs-pay/svelte';

// What the store sells. The browser shows these prices; the server charges them, whatever the
// browser sends.
export const catalog = defineCatalog({
	products: [
		{
			id: 'stickers',
			name: 'Sticker pack',
			description: 'Ten vinyl stickers.',
			prices: [{ sku: 'stickers', currency: 'usd', unitAmount: 499, maxQuantity: 10 }]
		},
		{
			id: 'ebook',
			name: 'Svelte ebook',
			description: 'The whole book, as PDF and EPUB.',
			prices: [{ sku: 'ebook', currency: 'usd', unitAmount: 2999, maxQuantity: 1 }]
		},
		{
			id: 'pro',
			name: 'Pro',
			description: 'Every new chapter, as it is written.',
			features: ['New chapters monthly', 'Source code', 'Email support'],
			highlight: 'Most popular',
			prices: [
				{ sku: 'pro-monthly', currency: 'usd', unitAmount: 900, recurring: { interval: 'month' } },
				{ sku: 'pro-yearly', currency: 'usd', unitAmount: 9000, recurring: { interval: 'year' } }
			]
		}
	]
});
