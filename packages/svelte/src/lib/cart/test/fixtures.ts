import type { CartItemInput } from '../types.js';

// Items shared by the cart's node and browser tests.

/** Three in stock. */
export const bundle: CartItemInput = {
	sku: 'pro-bundle',
	name: 'Professional bundle',
	unitAmount: 19900,
	currency: 'usd',
	stock: 3
};

/** No limit of its own. */
export const ebook: CartItemInput = {
	sku: 'ebook',
	name: 'Svelte ebook',
	unitAmount: 2999,
	currency: 'usd'
};

export const euroMug: CartItemInput = {
	sku: 'mug',
	name: 'Mug',
	unitAmount: 1200,
	currency: 'eur'
};

export const yenPlan: CartItemInput = {
	sku: 'jp-plan',
	name: 'Plan',
	unitAmount: 1500,
	currency: 'jpy'
};
