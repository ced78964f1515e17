import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CartState } from './cart.svelte.js';
import { localStorageAdapter, memoryAdapter } from './cart-storage.js';
import CartTrigger from './cart-trigger.svelte';
import Harness from './test/cart-harness.svelte';
import type { CartItemInput } from './types.js';

const bundle: CartItemInput = {
	sku: 'pro-bundle',
	name: 'Professional bundle',
	unitAmount: 19900,
	currency: 'usd',
	stock: 3
};
const ebook: CartItemInput = { sku: 'ebook', name: 'Svelte ebook', unitAmount: 2999, currency: 'usd' };
const euroMug: CartItemInput = { sku: 'mug', name: 'Mug', unitAmount: 1200, currency: 'eur' };

const liveRegion = () => page.getByRole('status');
const trigger = () => page.getByRole('button', { name: /^Cart,/ });

afterEach(() => localStorage.clear());

describe('Cart parts', () => {
	it('explains a part used outside <Cart.Root>', async () => {
		await expect(async () => render(CartTrigger)).rejects.toThrow(
			'<Cart.Trigger> must be used inside <Cart.Root>.'
		);
	});

	it('adds by keyboard, names the stepper after the product and announces totals', async () => {
		render(Harness, { storage: false, locale: 'en-US', products: [bundle, ebook] });
		await expect.element(trigger()).toHaveAccessibleName('Cart, 0 items');

		await userEvent.tab(); // the trigger
		await userEvent.tab(); // first AddToCart
		await expect.element(page.getByRole('button', { name: 'Add to cart: Professional bundle' })).toHaveFocus();
		await userEvent.keyboard('{Enter}');

		await expect.element(liveRegion()).toHaveTextContent(
			'Added Professional bundle. 1 item in cart, subtotal $199.00.'
		);
		await expect.element(trigger()).toHaveAccessibleName('Cart, 1 item');
		await expect.element(liveRegion()).toHaveAttribute('aria-live', 'polite');

		await userEvent.keyboard('{Enter}');
		await expect.element(trigger()).toHaveAccessibleName('Cart, 2 items');
		await expect.element(page.getByText('$398.00').first()).toBeVisible();
	});

	it('disables the stepper at the stock limit and explains AddToCart', async () => {
		render(Harness, { storage: false, locale: 'en-US', products: [bundle], open: true });
		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		await expect.element(drawer.getByText('Your cart is empty.')).toBeVisible();
		const cart = new CartState({ storage: false });
		expect(cart.isEmpty).toBe(true);
	});
});
