import type { Stripe } from '@stripe/stripe-js';
import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import Harness from './test/element-harness.svelte';

/** A Stripe stand-in that records what the parts create and lets the test fire their events. */
function recordingStripe() {
	const handlers = new Map<string, ((event: unknown) => void)[]>();
	const created: { kind: string; options: unknown }[] = [];
	const updates: { kind: string; options: unknown }[] = [];
	const elements = {
		update: async () => {},
		submit: async () => ({}),
		getElement: () => null,
		create(kind: string, options: unknown) {
			created.push({ kind, options });
			return {
				on: (event: string, handler: (event: unknown) => void) =>
					handlers.set(`${kind}.${event}`, [...(handlers.get(`${kind}.${event}`) ?? []), handler]),
				mount: (node: HTMLElement) => node.append(`${kind} mounted`),
				update: (options: unknown) => updates.push({ kind, options }),
				destroy: () => {}
			};
		}
	};
	const stripe = { elements: () => elements, registerAppInfo: () => {} } as unknown as Stripe;
	const fire = (name: string, event: unknown = {}) => {
		for (const handler of handlers.get(name) ?? []) handler(event);
	};
	return { stripe, created, updates, fire };
}

describe('the Stripe element parts', () => {
	it('forward their on<Event> props, keep options and callbacks off the box, and show children until ready', async () => {
		const { stripe, created, updates, fire } = recordingStripe();
		const onChange = vi.fn();
		const onLoadError = vi.fn();
		const onReady = vi.fn();
		const onAddressChange = vi.fn();
		const screen = await render(Harness, {
			stripe,
			payment: {
				options: { layout: 'tabs' },
				onChange,
				onLoadError,
				onReady,
				class: 'card-box',
				'data-testid': 'payment'
			},
			address: {
				options: { mode: 'shipping' },
				onChange: onAddressChange,
				'data-testid': 'address'
			},
			express: { 'data-testid': 'express' }
		});

		await expect
			.poll(() => created.map(({ kind }) => kind))
			.toEqual(['expressCheckout', 'payment', 'address']);
		expect(created[1]!.options).toEqual({ layout: 'tabs' });
		const box = page.getByTestId('payment');
		await expect.element(box).toHaveAttribute('data-slot', 'checkout-payment-element');
		await expect.element(box).toHaveAttribute('data-state', 'loading');
		await expect.element(box).toHaveAttribute('aria-busy', 'true');
		await expect.element(box).toHaveClass('card-box');
		await expect.element(box).toHaveTextContent('Loading the card form…');
		expect(box.element().getAttributeNames().sort()).toEqual([
			'aria-busy',
			'class',
			'data-slot',
			'data-state',
			'data-testid'
		]);
		await expect
			.element(page.getByTestId('address'))
			.toHaveAttribute('data-slot', 'checkout-address');

		fire('payment.change', { complete: true });
		fire('payment.loaderror', { error: { message: 'x' } });
		fire('address.change', { value: {} });
		expect(onChange).toHaveBeenCalledWith({ complete: true });
		expect(onLoadError).toHaveBeenCalledWith({ error: { message: 'x' } });
		expect(onAddressChange).toHaveBeenCalledOnce();
		expect(onReady).not.toHaveBeenCalled();

		fire('payment.ready');
		expect(onReady).toHaveBeenCalledOnce();
		await expect.element(box).toHaveAttribute('data-state', 'ready');
		await expect.element(box).toHaveAttribute('aria-busy', 'false');
		await expect.element(box).not.toHaveTextContent('Loading the card form…');

		// The latest callback runs; a changed option is sent, an immutable one is not.
		const later = vi.fn();
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		await screen.rerender({
			payment: { options: { layout: 'accordion' }, onChange: later, 'data-testid': 'payment' },
			address: { options: { mode: 'billing' }, 'data-testid': 'address' }
		});
		fire('payment.change', { complete: false });
		expect(later).toHaveBeenCalledWith({ complete: false });
		expect(onChange).toHaveBeenCalledOnce();
		await expect
			.poll(() => updates)
			.toEqual([{ kind: 'payment', options: { layout: 'accordion' } }]);
		expect(warn).toHaveBeenCalledWith(
			expect.stringContaining('<Checkout.Address>: the "mode" option')
		);
	});

	it('resolves an Express Checkout click itself when the app has no onClick', async () => {
		const { stripe, created, fire } = recordingStripe();
		await render(Harness, {
			stripe,
			payment: {},
			address: { options: { mode: 'shipping' } },
			express: {}
		});
		await expect.poll(() => created.length).toBe(3);
		const resolve = vi.fn();
		fire('expressCheckout.click', { resolve });
		expect(resolve).toHaveBeenCalledOnce();
	});
});
