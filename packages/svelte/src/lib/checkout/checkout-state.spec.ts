import type { PaymentIntent, Stripe, StripeElements } from '@stripe/stripe-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { money, type Money } from '../money/index.js';
import {
	CheckoutState,
	readIntentResponse,
	type CheckoutProps,
	type CheckoutIntent
} from './checkout.svelte.js';
import { CheckoutRequestError } from './session.js';

// The submit flow on its own, with Stripe reduced to the three calls it makes.
function setup(overrides: Partial<CheckoutProps> & { intent?: Partial<CheckoutIntent> } = {}) {
	const props: { amount: Money } = { amount: money({ amount: 49900, currency: 'usd' }) };
	const intent = {
		clientSecret: 'pi_1_secret_abc',
		amount: 49900,
		currency: 'usd',
		...overrides.intent
	};
	const createPaymentIntent = vi.fn(async () => intent);
	const onSuccess = vi.fn();
	const submit = vi.fn(async (): Promise<object> => ({}));
	const confirmPayment = vi.fn(async () => ({
		paymentIntent: { id: 'pi_1', status: 'succeeded' } as PaymentIntent
	}));
	const checkout = new CheckoutState(() => ({
		amount: props.amount,
		createPaymentIntent,
		onSuccess,
		returnUrl: 'https://shop.test/thanks',
		...overrides
	}));
	checkout.stripe = { confirmPayment } as unknown as Stripe;
	checkout.elements = { submit } as unknown as StripeElements;
	return { checkout, props, createPaymentIntent, confirmPayment, submit, onSuccess };
}

describe('CheckoutState.submit', () => {
	it('confirms once however often it is called', async () => {
		const { checkout, createPaymentIntent, confirmPayment, onSuccess } = setup();
		await Promise.all([checkout.submit(), checkout.submit(), checkout.submit()]);
		await checkout.submit(); // after success

		expect(createPaymentIntent).toHaveBeenCalledOnce();
		expect(confirmPayment).toHaveBeenCalledOnce();
		expect(confirmPayment).toHaveBeenCalledWith(
			expect.objectContaining({
				clientSecret: 'pi_1_secret_abc',
				confirmParams: { return_url: 'https://shop.test/thanks' },
				redirect: 'if_required'
			})
		);
		expect(checkout.status).toBe('succeeded');
		expect(onSuccess).toHaveBeenCalledWith(
			expect.objectContaining({ id: 'pi_1' }),
			expect.objectContaining({ clientSecret: 'pi_1_secret_abc' })
		);
	});

	it('validates before asking the server, and focuses the first element on a validation error', async () => {
		const { checkout, submit, createPaymentIntent } = setup();
		const focus = vi.fn();
		// Focus is on the pay button, outside every element, so the checkout moves it.
		vi.stubGlobal('document', { activeElement: { id: 'pay' } });
		const node = { contains: () => false } as unknown as HTMLElement;
		checkout.register('payment', { focus } as never, node);
		submit.mockResolvedValueOnce({
			error: {
				type: 'validation_error',
				code: 'incomplete_number',
				message: 'Your card number is incomplete.'
			}
		});

		await checkout.submit();
		expect(createPaymentIntent).not.toHaveBeenCalled();
		expect(checkout.status).toBe('failed');
		expect(checkout.error?.message).toBe('Your card number is incomplete.');
		expect(focus).toHaveBeenCalledOnce();
		vi.unstubAllGlobals();
	});

	it('keeps a decline for display and lets the customer retry', async () => {
		const { checkout, confirmPayment } = setup();
		confirmPayment.mockResolvedValueOnce({
			error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' }
		} as never);

		await checkout.submit();
		expect(checkout.status).toBe('failed');
		expect(checkout.error).toMatchObject({ code: 'card_declined' });

		await checkout.submit();
		expect(checkout.status).toBe('succeeded');
		expect(checkout.error).toBeNull();
	});

	it('confirms nothing when the server total differs, shows it, and drops it when the cart changes', async () => {
		const { checkout, props, confirmPayment } = setup({ intent: { amount: 54900 } });
		expect(checkout.formattedTotal).toMatch(/499\.00/);

		await checkout.submit();
		expect(confirmPayment).not.toHaveBeenCalled();
		expect(checkout.status).toBe('failed');
		expect(checkout.error?.message).toMatch(/total has changed/);
		expect(checkout.total).toEqual({ amount: 54900, currency: 'usd' });

		props.amount = money({ amount: 59900, currency: 'usd' });
		expect(checkout.total).toEqual({ amount: 59900, currency: 'usd' });
	});

	it('rejects a server answer without a client secret', async () => {
		const { checkout, confirmPayment } = setup({ intent: { clientSecret: 'not a secret' } });
		await checkout.submit();
		expect(confirmPayment).not.toHaveBeenCalled();
		expect(checkout.error).toMatchObject({ code: 'checkout_error' });
	});

	it('reports a server that throws as a retryable error', async () => {
		const { checkout, createPaymentIntent } = setup();
		vi.spyOn(console, 'error').mockImplementation(() => {});
		createPaymentIntent.mockRejectedValueOnce(new Error('502'));
		await checkout.submit();
		expect(checkout.status).toBe('failed');
		expect(checkout.error?.message).toMatch(/could not be completed/);
	});

	it('shows the message of a server helper’s error answer, which is written for the customer', async () => {
		const { checkout, createPaymentIntent, confirmPayment } = setup();
		createPaymentIntent.mockRejectedValueOnce(
			new CheckoutRequestError('invalid_email', 'Enter a valid email address.', 400)
		);
		await checkout.submit();
		expect(confirmPayment).not.toHaveBeenCalled();
		expect(checkout.status).toBe('failed');
		expect(checkout.error).toMatchObject({
			code: 'invalid_email',
			message: 'Enter a valid email address.'
		});
	});
});

describe('CheckoutState.submit with an endpoint', () => {
	function answer(status: number, body: unknown) {
		return vi.fn(
			async (_url: string, _init?: RequestInit) =>
				new Response(JSON.stringify(body), {
					status,
					headers: { 'content-type': 'application/json' }
				})
		);
	}

	function withEndpoint(fetch: (url: string, init?: RequestInit) => Promise<Response>) {
		vi.stubGlobal('fetch', fetch);
		const lines = [{ sku: 'bundle', quantity: 2, name: 'Bundle', unitAmount: 24950 }];
		const { confirmPayment, submit, onSuccess } = setup();
		const email = { value: 'ada@example.com' };
		const checkout = new CheckoutState(() => ({
			amount: money({ amount: 49900, currency: 'usd' }),
			items: lines,
			body: { email: email.value },
			returnUrl: (response) => `https://shop.test${String(response.orderUrl)}`,
			onSuccess
		}));
		checkout.stripe = { confirmPayment } as unknown as Stripe;
		checkout.elements = { submit } as unknown as StripeElements;
		return { checkout, email, confirmPayment, onSuccess };
	}

	afterEach(() => vi.unstubAllGlobals());

	it('posts only SKUs and quantities, with the app’s fields, to /api/payment-intent', async () => {
		const fetch = answer(200, {
			clientSecret: 'pi_1_secret_abc',
			amount: 49900,
			currency: 'usd',
			orderUrl: '/orders/tok'
		});
		const { checkout, email, confirmPayment, onSuccess } = withEndpoint(fetch);
		email.value = 'grace@example.com';
		await checkout.submit();

		const [url, init] = fetch.mock.calls[0]!;
		expect(url).toBe('/api/payment-intent');
		expect(init?.method).toBe('POST');
		const sent = JSON.parse(String(init?.body)) as Record<string, unknown>;
		expect(sent).toEqual({
			email: 'grace@example.com',
			items: [{ sku: 'bundle', quantity: 2 }],
			cartId: expect.stringMatching(/^[0-9a-f]{32}$/)
		});
		expect(confirmPayment).toHaveBeenCalledWith(
			expect.objectContaining({ confirmParams: { return_url: 'https://shop.test/orders/tok' } })
		);
		expect(onSuccess).toHaveBeenCalledWith(
			expect.objectContaining({ id: 'pi_1' }),
			expect.objectContaining({ orderUrl: '/orders/tok' })
		);
	});

	it('sends the same cartId on a retry, so the server reuses its PaymentIntent', async () => {
		const fetch = answer(502, { error: { code: 'payment_provider_error', message: 'Try again.' } });
		const { checkout } = withEndpoint(fetch);
		await checkout.submit();
		await checkout.submit();
		const ids = fetch.mock.calls.map(([, init]) => JSON.parse(String(init?.body)).cartId);
		expect(ids).toHaveLength(2);
		expect(ids[0]).toBe(ids[1]);
	});

	it('shows the server’s error answer, such as an unknown SKU', async () => {
		const fetch = answer(400, {
			error: { code: 'unknown_sku', message: '"bundle" is not for sale.' }
		});
		const { checkout, confirmPayment } = withEndpoint(fetch);
		await checkout.submit();
		expect(confirmPayment).not.toHaveBeenCalled();
		expect(checkout.status).toBe('failed');
		expect(checkout.error).toMatchObject({
			code: 'unknown_sku',
			message: '"bundle" is not for sale.'
		});
	});

	it('explains a server that cannot be reached', async () => {
		const { checkout } = withEndpoint(
			vi.fn(async () => {
				throw new TypeError('Failed to fetch');
			})
		);
		await checkout.submit();
		expect(checkout.error).toMatchObject({ code: 'network_error' });
	});

	it('shows its own translated text when the server fails without a message for the customer', async () => {
		const { checkout } = withEndpoint(
			vi.fn(async () => new Response('<h1>Bad gateway</h1>', { status: 502 }))
		);
		await checkout.submit();
		expect(checkout.error).toMatchObject({
			code: 'server_error',
			message: checkout.labels.failed
		});
	});
});

describe('readIntentResponse', () => {
	it('accepts what createPaymentIntentHandler answers and nothing malformed', () => {
		const valid = { clientSecret: 'pi_3Abc_secret_xyz', amount: 49900, currency: 'usd' };
		expect(readIntentResponse(valid)).toEqual(valid);
		expect(readIntentResponse({ ...valid, orderUrl: '/orders/1' })).toMatchObject({
			orderUrl: '/orders/1'
		});
		expect(readIntentResponse({ clientSecret: 'pi_3Abc_secret_xyz' })).toEqual({
			clientSecret: 'pi_3Abc_secret_xyz',
			amount: undefined,
			currency: undefined
		});
		for (const bad of [
			null,
			'pi_3Abc_secret_xyz',
			{ clientSecret: 'pi_3Abc' },
			{ ...valid, amount: 499.5 },
			{ ...valid, amount: -1 },
			{ ...valid, amount: '49900' },
			{ ...valid, currency: 'dollars' }
		]) {
			expect(readIntentResponse(bad)).toBeNull();
		}
	});
});
