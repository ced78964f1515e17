import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openBillingPortal } from '../billing/portal.js';
import { CheckoutRequestError, startCheckoutSession } from './session.js';

const assign = vi.fn();

function answer(status: number, body: unknown) {
	const fetch = vi.fn(async (_url: string, _init: RequestInit) => Response.json(body, { status }));
	vi.stubGlobal('fetch', fetch);
	return fetch;
}

describe('startCheckoutSession and openBillingPortal', () => {
	beforeEach(() => vi.stubGlobal('location', { assign }));
	afterEach(() => {
		vi.unstubAllGlobals();
		assign.mockReset();
	});

	it('posts the SKU as one cart line and redirects to hosted Checkout', async () => {
		const fetch = answer(200, { id: 'cs_1', url: 'https://checkout.stripe.com/c/pay/cs_1' });
		await startCheckoutSession({ endpoint: '/api/checkout', sku: 'pro-monthly' });
		expect(fetch).toHaveBeenCalledOnce();
		const [url, init] = fetch.mock.calls[0]!;
		expect(url).toBe('/api/checkout');
		expect(init.method).toBe('POST');
		expect(JSON.parse(String(init.body))).toEqual({ items: [{ sku: 'pro-monthly', quantity: 1 }] });
		expect(assign).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1');
	});

	it('resolves to the client secret for embedded Checkout without navigating', async () => {
		answer(200, { id: 'cs_1', clientSecret: 'cs_1_secret_abc' });
		await expect(
			startCheckoutSession({ endpoint: '/api/checkout', sku: 'pro', uiMode: 'embedded' })
		).resolves.toEqual({ clientSecret: 'cs_1_secret_abc' });
		expect(assign).not.toHaveBeenCalled();
	});

	it('refuses a redirect to a non-http URL', async () => {
		answer(200, { url: 'javascript:alert(1)' });
		await expect(
			startCheckoutSession({ endpoint: '/api/checkout', sku: 'pro' })
		).rejects.toMatchObject({
			code: 'invalid_response'
		});
		expect(assign).not.toHaveBeenCalled();
	});

	it('surfaces the server error code', async () => {
		answer(401, { error: { code: 'not_signed_in', message: 'Sign in to manage your billing.' } });
		const failure = openBillingPortal({ endpoint: '/api/portal' });
		await expect(failure).rejects.toBeInstanceOf(CheckoutRequestError);
		await expect(failure).rejects.toMatchObject({ code: 'not_signed_in', status: 401 });
	});

	it('opens the billing portal', async () => {
		answer(200, { url: 'https://billing.stripe.com/p/session/test_1' });
		await openBillingPortal({ endpoint: '/api/portal' });
		expect(assign).toHaveBeenCalledWith('https://billing.stripe.com/p/session/test_1');
	});

	it('reports a network failure with a stable code', async () => {
		vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
		await expect(openBillingPortal({ endpoint: '/api/portal' })).rejects.toMatchObject({
			code: 'network_error'
		});
	});
});
