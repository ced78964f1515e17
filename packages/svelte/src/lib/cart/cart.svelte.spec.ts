import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CartState } from './cart.svelte.js';
import { localStorageAdapter, memoryAdapter } from './cart-storage.js';
import CartTrigger from './cart-trigger.svelte';
import Harness from './test/cart-harness.svelte';
import { bundle, ebook, euroMug } from './test/fixtures.js';

const liveRegion = () => page.getByRole('status');
const trigger = () => page.getByRole('button', { name: /^Cart,/ });

afterEach(() => localStorage.clear());

describe('Cart parts', () => {
	it('explains a part used outside <Cart.Root>', async () => {
		await expect(render(CartTrigger)).rejects.toThrow(
			'<Cart.Trigger> must be used inside <Cart.Root>.'
		);
	});

	it('adds by keyboard, names the stepper after the product and announces totals', async () => {
		await render(Harness, { storage: false, locale: 'en-US', products: [bundle, ebook] });
		await expect.element(trigger()).toHaveAccessibleName('Cart, 0 items');

		await userEvent.tab(); // the trigger
		await userEvent.tab(); // first AddToCart
		await expect
			.element(page.getByRole('button', { name: 'Add to cart: Professional bundle' }))
			.toHaveFocus();
		await userEvent.keyboard('{Enter}');

		await expect
			.element(liveRegion())
			.toHaveTextContent('Added Professional bundle. 1 item in cart, subtotal $199.00.');
		await expect.element(trigger()).toHaveAccessibleName('Cart, 1 item');
		await expect.element(liveRegion()).toHaveAttribute('aria-live', 'polite');

		await userEvent.keyboard('{Enter}');
		await expect.element(trigger()).toHaveAccessibleName('Cart, 2 items');
		await expect.element(page.getByText('$398.00').first()).toBeVisible();
	});

	it('names the unit and the stepper after what the quantity counts', async () => {
		const licensed = { ...bundle, unitLabel: 'per project', quantityLabel: 'Projects' };
		await render(Harness, { storage: false, locale: 'en-US', products: [licensed], open: true });
		await page.getByRole('button', { name: 'Close cart' }).click();
		await page.getByRole('button', { name: 'Add to cart: Professional bundle' }).click();
		await trigger().click();
		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		await expect.element(drawer.getByText('$199.00 per project')).toBeVisible();
		await expect
			.element(drawer.getByRole('spinbutton', { name: 'Projects of Professional bundle' }))
			.toHaveValue(1);
	});

	it('disables the stepper at the stock limit and AddToCart explains why', async () => {
		await render(Harness, { storage: false, locale: 'en-US', products: [bundle], open: true });
		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		await expect.element(drawer.getByText('Your cart is empty.')).toBeVisible();
		await drawer.getByRole('button', { name: 'Close cart' }).click();
		await page.getByRole('button', { name: 'Add to cart: Professional bundle' }).click();
		await trigger().click();

		const increase = drawer.getByRole('button', {
			name: 'Increase quantity of Professional bundle'
		});
		const decrease = drawer.getByRole('button', {
			name: 'Decrease quantity of Professional bundle'
		});
		const input = drawer.getByRole('spinbutton', { name: 'Quantity of Professional bundle' });
		await expect.element(decrease).toBeDisabled();
		await increase.click();
		await increase.click();
		await expect.element(input).toHaveValue(3);
		await expect.element(increase).toBeDisabled();
		// The disabled button would have dropped focus to <body>.
		await expect.element(input).toHaveFocus();
		await expect.element(decrease).toBeEnabled();
		await drawer.getByRole('button', { name: 'Close cart' }).click();

		const add = page.getByRole('button', { name: 'Add to cart: Professional bundle' });
		await expect.element(add).toHaveAttribute('aria-disabled', 'true');
		await expect
			.element(add)
			.toHaveAccessibleDescription('Only 3 of Professional bundle are available.');
		// Playwright refuses to click an aria-disabled button; a script or an old browser would not.
		(add.element() as HTMLButtonElement).click();
		await expect.element(trigger()).toHaveAccessibleName('Cart, 3 items');
	});

	it('snaps a typed quantity over the limit back and says why', async () => {
		await render(Harness, { storage: false, items: [{ ...bundle, quantity: 1 }] });
		const input = page
			.getByRole('main')
			.getByRole('spinbutton', { name: 'Quantity of Professional bundle' });
		await input.fill('7');
		await userEvent.tab(); // commits the value: `change`
		await expect.element(input).toHaveValue(1);
		await expect
			.element(liveRegion())
			.toHaveTextContent('Only 3 of Professional bundle are available.');
		await input.fill('2');
		await userEvent.tab();
		await expect.element(trigger()).toHaveAccessibleName('Cart, 2 items');
	});

	it('refuses a second currency with an alert', async () => {
		await render(Harness, { storage: false, products: [ebook, euroMug] });
		await page.getByRole('button', { name: 'Add to cart: Svelte ebook' }).click();
		await page.getByRole('button', { name: 'Add to cart: Mug' }).click();
		await expect
			.element(page.getByRole('alert'))
			.toHaveTextContent('Mug is priced in EUR, but your cart is in USD.');
		await expect.element(trigger()).toHaveAccessibleName('Cart, 1 item');
	});
});

describe('Cart.Drawer', () => {
	it('traps focus, closes on Escape and returns focus to the trigger', async () => {
		await render(Harness, { storage: false, items: [{ ...ebook, quantity: 1 }] });
		await expect.element(trigger()).toHaveAttribute('aria-expanded', 'false');
		const controls = trigger().element().getAttribute('aria-controls');
		await trigger().click();

		const drawer = page.getByRole('dialog', { name: 'Your cart' });
		await expect.element(drawer).toBeVisible();
		expect(drawer.element().id).toBe(controls);
		await expect.element(trigger()).toHaveAttribute('aria-expanded', 'true');
		// The rest of the page is inert while the modal is open.
		expect(page.getByRole('button', { name: 'Add to cart: Svelte ebook' }).query()).toBeNull();

		const dialog = drawer.element();
		for (let i = 0; i < 8; i++) {
			await userEvent.tab();
			const focused = document.activeElement;
			// Chromium may park focus on the document between the last and first element.
			if (focused !== document.body) expect(dialog.contains(focused)).toBe(true);
		}

		await userEvent.keyboard('{Escape}');
		await expect.element(drawer).not.toBeInTheDocument();
		await expect.element(trigger()).toHaveFocus();
		await expect.element(trigger()).toHaveAttribute('aria-expanded', 'false');
	});

	it('closes from its close button and returns focus', async () => {
		await render(Harness, { storage: false });
		await trigger().click();
		await page.getByRole('button', { name: 'Close cart' }).click();
		await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
		await expect.element(trigger()).toHaveFocus();
	});

	it('stays open when reopened before the close event of the last closing arrived', async () => {
		const cart = new CartState({ storage: false });
		await render(Harness, { cart });
		await trigger().click();
		await expect.element(page.getByRole('dialog')).toBeVisible();
		// Close and reopen within one task: the dialog's `close` event comes after both.
		cart.closeDrawer();
		flushSync();
		cart.openDrawer();
		flushSync();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(cart.open).toBe(true);
		await expect.element(page.getByRole('dialog')).toBeVisible();
	});
});

describe('Cart persistence', () => {
	const key = 'nobs-pay:cart:test';
	const saved = (items: unknown[]) => JSON.stringify({ version: 1, items });

	it('keeps the cart across a remount', async () => {
		const first = await render(Harness, {
			storage: localStorageAdapter({ key }),
			products: [ebook]
		});
		await page.getByRole('button', { name: 'Add to cart: Svelte ebook' }).click();
		await page.getByRole('button', { name: 'Add to cart: Svelte ebook' }).click();
		await first.unmount();
		expect(JSON.parse(localStorage.getItem(key) ?? 'null')).toMatchObject({
			items: [{ sku: 'ebook', quantity: 2 }]
		});

		const second = await render(Harness, { storage: localStorageAdapter({ key }) });
		await expect.element(trigger()).toHaveAccessibleName('Cart, 2 items');
		expect(
			second.container.querySelector('[data-slot="cart"]')?.hasAttribute('data-hydrated')
		).toBe(true);
	});

	it('drops corrupt and tampered storage instead of crashing', async () => {
		localStorage.setItem(key, '{"version":1,"items":[{"sku":"ebook"');
		await render(Harness, { storage: localStorageAdapter({ key }), products: [ebook] });
		await expect.element(trigger()).toHaveAccessibleName('Cart, 0 items');

		localStorage.setItem(
			key,
			saved([
				{ ...ebook, quantity: 1 },
				{ ...bundle, quantity: 50 }
			])
		);
		await render(Harness, { storage: localStorageAdapter({ key }) });
		await expect.element(page.getByRole('button', { name: 'Cart, 1 item' })).toBeVisible();
	});

	it('follows another tab through the storage event', async () => {
		await render(Harness, { storage: localStorageAdapter({ key }) });
		await expect.element(trigger()).toHaveAccessibleName('Cart, 0 items');
		const newValue = saved([{ ...ebook, quantity: 4 }]);
		// The browser only fires `storage` in other tabs, so play the other tab here.
		window.dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea: localStorage }));
		await expect.element(trigger()).toHaveAccessibleName('Cart, 4 items');
		window.dispatchEvent(new StorageEvent('storage', { key: null, storageArea: localStorage }));
		await expect.element(trigger()).toHaveAccessibleName('Cart, 0 items');
	});

	it('keeps a shared CartState readable outside the parts', async () => {
		const cart = new CartState({ storage: memoryAdapter(), locale: 'en-US' });
		await render(Harness, { cart, products: [bundle] });
		await page.getByRole('button', { name: 'Add to cart: Professional bundle' }).click();
		expect(cart.lines).toEqual([{ sku: 'pro-bundle', quantity: 1 }]);
		expect(cart.formatted.subtotal).toBe('$199.00');
	});
});
