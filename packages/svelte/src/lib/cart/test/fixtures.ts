import type { CartProduct } from '../types.js';

// Items shared by the cart's node and browser tests.

/** Three in stock. */
export const bundle: CartProduct = {
	sku: 'pro-bundle',
	name: 'Professional bundle',
	unitAmount: 19900,
	currency: 'usd',
	stock: 3
};

/** No limit of its own. */
export const ebook: CartProduct = {
	sku: 'ebook',
	name: 'Svelte ebook',
	unitAmount: 2999,
	currency: 'usd'
};

export const euroMug: CartProduct = {
	sku: 'mug',
	name: 'Mug',
	unitAmount: 1200,
	currency: 'eur'
};

export const yenPlan: CartProduct = {
	sku: 'jp-plan',
	name: 'Plan',
	unitAmount: 1500,
	currency: 'jpy'
};
