import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { money, type Money } from '../money/index.js';
import type { CheckoutIntent } from './checkout.svelte.js';
import CheckoutSubmit from './checkout-submit.svelte';
import { getStripe } from './get-stripe.js';
import '../theme.css';
import './checkout.css';
import Harness from './test/checkout-harness.svelte';
import EmbeddedHarness from './test/embedded-harness.svelte';

// Runs against @nobs-pay/sandbox (started by test/sandbox-setup.ts) and its Stripe.js stand-in.
const sandbox = inject('sandbox');
const usd = (amount: number) => money({ amount, currency: 'usd' });

beforeAll(async () => {
	if (!sandbox) throw new Error(inject('sandboxError'));
	// Unscaled: Playwright clicks inside nested frames miss when Vitest scales its test iframe down.
	await page.viewport(800, 600);
	await new Promise<void>((resolve, reject) => {
		const script = document.createElement('script');
		script.src = sandbox.stripeJsUrl;
		script.onload = () => resolve();
		script.onerror = () => reject(new Error(`Could not load ${sandbox.stripeJsUrl}`));
		document.head.append(script);
	});
});

afterEach(() => {
	vi.restoreAllMocks();
	// A failed test can leave the stand-in's challenge overlay on the page; never let it leak.
	for (const overlay of document.querySelectorAll('[data-nobs-sandbox-challenge]'))
		overlay.remove();
});

function api(path: string, init: RequestInit = {}) {
	if (!sandbox) throw new Error(inject('sandboxError'));
	return fetch(`${sandbox.url}${path}`, {
		...init,
		headers: {
			authorization: `Bearer ${sandbox.secretKey}`,
			'content-type': 'application/x-www-form-urlencoded'
		}
	}).then((response) => response.json() as Promise<Record<string, unknown>>);
}

/**
 * Plays the app's server: prices "the cart" at submit time (`priced()`), creates the
 * PaymentIntent in the sandbox, and remembers its id so the test can check what was charged.
 */
function server(priced: () => Money) {
	const created: string[] = [];
	const createPaymentIntent = async (): Promise<CheckoutIntent> => {
		const total = priced();
		const intent = await api('/v1/payment_intents', {
			method: 'POST',
			body: new URLSearchParams({
				amount: String(total.amount),
				currency: total.currency,
				'automatic_payment_methods[enabled]': 'true'
			})
		});
		created.push(String(intent.id));
		return {
			clientSecret: String(intent.client_secret),
			amount: Number(intent.amount),
			currency: String(intent.currency)
		};
	};
	const last = () => api(`/v1/payment_intents/${created.at(-1)}`);
	return { createPaymentIntent, created, last };
}

function stripe() {
	if (!sandbox) throw new Error(inject('sandboxError'));
	return getStripe(sandbox.publishableKey);
}

const card = () => page.frameLocator(page.getByTitle('Secure payment input frame'));

async function fillCard(number: string) {
	const frame = card();
	await frame.getByLabelText('Card number').fill(number);
	await frame.getByLabelText('Expiration date').fill('12 / 34');
	await frame.getByLabelText('Security code').fill('123');
}

// Frames are cross-origin: the page can act in them (fill, click) but not read them, so
// readiness is read from the part's own data-state, which follows the element's ready event.
const paymentReady = () =>
	expect.element(page.getByTestId('payment')).toHaveAttribute('data-state', 'ready');

const pay = (label = 'Pay $499.00') => page.getByRole('button', { name: label });
const status = () => page.getByRole('status');
const alert = () => page.getByRole('alert');

describe('Checkout', () => {
	it('explains a part used outside <Checkout.Root>', async () => {
		await expect(render(CheckoutSubmit)).rejects.toThrow(
			'<Checkout.Submit> must be used inside <Checkout.Root>'
		);
	});

	it('pays with a card that succeeds', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });

		await fillCard('4242 4242 4242 4242');
		await pay().click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		await expect.element(pay()).toBeDisabled();
		expect(await shop.last()).toMatchObject({ status: 'succeeded', amount: 49900 });
	});

	it('shows a decline in the alert and succeeds on retry', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });

		await fillCard('4000 0000 0000 0002');
		await pay().click();
		await expect.element(alert()).toHaveTextContent(/declined/i);
		await expect.element(pay()).toBeEnabled();

		await fillCard('4242 4242 4242 4242');
		await pay().click();
		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		await expect.element(alert()).toHaveTextContent('');
		expect(shop.created).toHaveLength(2);
		expect(await shop.last()).toMatchObject({ status: 'succeeded' });
	});

	it('posts the cart to its endpoint and pays with what the server created', async () => {
		const shop = server(() => usd(49900));
		const realFetch = window.fetch.bind(window);
		const posted: unknown[] = [];
		vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
			if (String(input) !== '/api/payment-intent') return realFetch(input, init);
			posted.push(JSON.parse(String(init?.body)));
			return Response.json(await shop.createPaymentIntent());
		});
		await render(Harness, {
			stripe: stripe(),
			amount: usd(49900),
			items: [{ sku: 'bundle', quantity: 1 }]
		});

		await fillCard('4242 4242 4242 4242');
		await pay().click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(posted).toEqual([
			{ items: [{ sku: 'bundle', quantity: 1 }], cartId: expect.any(String) }
		]);
		expect(await shop.last()).toMatchObject({ status: 'succeeded', amount: 49900 });
	});

	it('announces the endpoint’s error answer in the alert', async () => {
		const realFetch = window.fetch.bind(window);
		vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
			if (String(input) !== '/shop/pay') return realFetch(input, init);
			return Response.json(
				{ error: { code: 'unknown_sku', message: '"mystery" is not for sale.' } },
				{ status: 400 }
			);
		});
		await render(Harness, {
			stripe: stripe(),
			amount: usd(49900),
			endpoint: '/shop/pay',
			items: [{ sku: 'mystery', quantity: 1 }]
		});

		await fillCard('4242 4242 4242 4242');
		await pay().click();

		await expect.element(alert()).toHaveTextContent('"mystery" is not for sale.');
		await expect.element(pay()).toBeEnabled();
	});

	it('completes a 3-D Secure challenge', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });

		await fillCard('4000 0027 6000 3184');
		await pay().click();
		await challenge().getByRole('button', { name: 'Complete' }).click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(await shop.last()).toMatchObject({ status: 'succeeded' });
	});

	it('shows an error when the 3-D Secure challenge fails', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });

		await fillCard('4000 0027 6000 3184');
		await pay().click();
		await challenge().getByRole('button', { name: 'Fail' }).click();

		await expect.element(alert()).not.toHaveTextContent('');
		await expect.element(pay()).toBeEnabled();
		expect(await shop.last()).not.toMatchObject({ status: 'succeeded' });
	});

	it('pays with a wallet through the same deferred-intent flow', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), express: true, ...shop });
		const wallet = page.frameLocator(page.getByTitle('Secure expressCheckout input frame'));

		await wallet.getByRole('button', { name: 'Pay with Sandbox Wallet' }).click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(shop.created).toHaveLength(1);
		expect(await shop.last()).toMatchObject({ status: 'succeeded', amount: 49900 });
	});

	it('collects email and billing address, and reports the first missing field', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), details: true, ...shop });
		const email = page.frameLocator(page.getByTitle('Secure linkAuthentication input frame'));
		const address = page.frameLocator(page.getByTitle('Secure address input frame'));
		await fillCard('4242 4242 4242 4242');
		await email.getByLabelText('Email').fill('ada@example.com');

		await pay().click();
		await expect.element(alert()).toHaveTextContent('Your full name is incomplete.');
		expect(shop.created).toHaveLength(0);

		await address.getByLabelText('Full name').fill('Ada Lovelace');
		await address.getByRole('textbox', { name: 'Address', exact: true }).fill('1 Analytical Way');
		await address.getByLabelText('City').fill('London');
		await address.getByLabelText('Postal code').fill('N1 9GU');
		await pay().click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		const intent = await shop.last();
		const method = await api(`/v1/payment_methods/${String(intent.payment_method)}`);
		expect(method).toMatchObject({
			billing_details: { email: 'ada@example.com', name: 'Ada Lovelace' }
		});
	});

	it('charges the new total when the cart changes after the form mounted', async () => {
		let cart = usd(49900);
		const shop = server(() => cart);
		const screen = await render(Harness, { stripe: stripe(), amount: cart, ...shop });
		await fillCard('4242 4242 4242 4242');

		cart = usd(59900);
		await screen.rerender({ amount: cart });
		await pay('Pay $599.00').click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(await shop.last()).toMatchObject({ status: 'succeeded', amount: 59900 });
	});

	it('shows the server total and charges nothing when it differs from the one on screen', async () => {
		// The server knows a price change the page has not seen yet.
		const shop = server(() => usd(54900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });
		await fillCard('4242 4242 4242 4242');

		await pay().click();
		await expect.element(alert()).toHaveTextContent(/total has changed/);
		expect(await shop.last()).not.toMatchObject({ status: 'succeeded' });

		await pay('Pay $549.00').click();
		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(await shop.last()).toMatchObject({ status: 'succeeded', amount: 54900 });
	});

	it('survives being opened and closed in a modal three times', async () => {
		const errors = vi.spyOn(console, 'error');
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), modal: true, ...shop });

		for (let round = 0; round < 3; round += 1) {
			await page.getByRole('button', { name: 'Open checkout' }).click();
			await paymentReady();
			await page.getByRole('button', { name: 'Close checkout' }).click();
		}
		await page.getByRole('button', { name: 'Open checkout' }).click();
		await fillCard('4242 4242 4242 4242');
		await pay().click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(errors).not.toHaveBeenCalled();
	});
});

/** The stand-in's authentication challenge, shown in a frame over the page as Stripe.js does. */
function challenge() {
	return page.frameLocator(page.getByTitle('3D Secure authentication'));
}

describe('Checkout remounts', () => {
	it('re-creates the payment form while the old one is still leaving, without a crash', async () => {
		const errors = vi.spyOn(console, 'error');
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), modal: 'reload', ...shop });
		await paymentReady();

		// Each click mounts a new payment element in the same Elements group during the old one's outro.
		for (let round = 0; round < 3; round += 1) {
			await page.getByRole('button', { name: 'Reload payment form' }).click();
		}
		await vi.waitFor(() =>
			expect(document.querySelectorAll('[data-testid="payment"]')).toHaveLength(1)
		);
		await paymentReady();
		await fillCard('4242 4242 4242 4242');
		await pay().click();

		await expect.element(status()).toHaveTextContent('Payment succeeded.');
		expect(errors).not.toHaveBeenCalled();
	});
});

describe('Checkout.Embedded', () => {
	it('mounts embedded Checkout and destroys it on close, three times over', async () => {
		const errors = vi.spyOn(console, 'error');
		const fetchClientSecret = vi.fn(async () => {
			const session = await api('/v1/checkout/sessions', {
				method: 'POST',
				body: new URLSearchParams({
					mode: 'payment',
					ui_mode: 'embedded_page',
					return_url: 'https://shop.test/thanks',
					'line_items[0][quantity]': '1',
					'line_items[0][price_data][currency]': 'usd',
					'line_items[0][price_data][unit_amount]': '49900',
					'line_items[0][price_data][product_data][name]': 'Pro bundle'
				})
			});
			return String(session.client_secret);
		});
		await render(EmbeddedHarness, { stripe: stripe(), fetchClientSecret });

		for (let round = 1; round <= 3; round += 1) {
			await page.getByRole('button', { name: 'Open checkout' }).click();
			await expect.element(page.getByTitle('Embedded checkout')).toBeInTheDocument();
			await expect.element(page.getByTestId('embedded')).toHaveAttribute('data-state', 'ready');
			await page.getByRole('button', { name: 'Close checkout' }).click();
			await expect.element(page.getByTitle('Embedded checkout')).not.toBeInTheDocument();
		}
		expect(fetchClientSecret).toHaveBeenCalledTimes(3);
		expect(errors).not.toHaveBeenCalled();
	});
});

describe('Checkout before Stripe loads and on theme changes', () => {
	afterEach(() => delete document.documentElement.dataset.nobsTheme);

	it('renders a busy, sized placeholder and a disabled button while Stripe loads', async () => {
		const shop = server(() => usd(49900));
		const screen = await render(Harness, {
			stripe: new Promise<null>(() => {}),
			amount: usd(49900),
			...shop
		});
		const placeholder = screen.container.querySelector('[data-slot="checkout-payment-element"]');

		expect(placeholder?.getAttribute('aria-busy')).toBe('true');
		expect(placeholder?.getBoundingClientRect().height).toBeGreaterThan(100);
		await expect.element(pay()).toBeDisabled();
	});

	it('switches Elements to the dark theme without remounting the payment form', async () => {
		const instance = await stripe();
		if (!instance) throw new Error('The Stripe.js stand-in did not load.');
		const updates: unknown[] = [];
		const elements = instance.elements.bind(instance);
		vi.spyOn(instance, 'elements').mockImplementation((options) => {
			const group = elements(options);
			const update = group.update.bind(group);
			group.update = (changes) => (updates.push(changes), update(changes));
			return group;
		});
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: instance, amount: usd(49900), ...shop });
		await paymentReady();
		const frame = document.querySelector('iframe');

		document.documentElement.dataset.nobsTheme = 'dark';
		await vi.waitFor(() =>
			expect(updates).toContainEqual({ appearance: expect.objectContaining({ theme: 'night' }) })
		);
		expect(document.querySelector('iframe')).toBe(frame);
	});
});

describe('Checkout validation', () => {
	it('focuses the payment form when it is submitted empty, and creates no intent', async () => {
		const shop = server(() => usd(49900));
		await render(Harness, { stripe: stripe(), amount: usd(49900), ...shop });
		await paymentReady();

		await pay().click();
		await expect.element(alert()).toHaveTextContent('Your card number is incomplete.');
		expect(document.activeElement).toBe(document.querySelector('[data-testid="payment"] iframe'));
		expect(shop.created).toHaveLength(0);
	});
});
