import { readFileSync } from 'node:fs';
import type { Stripe } from '@stripe/stripe-js';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const loadStripe = vi.fn<(key: string, options?: object) => Promise<Stripe | null>>();
vi.mock('@stripe/stripe-js/pure', () => ({ loadStripe }));

function fakeStripe() {
	return { registerAppInfo: vi.fn() } as unknown as Stripe & {
		registerAppInfo: ReturnType<typeof vi.fn>;
	};
}

// A fresh module per test so the per-key cache starts empty.
async function freshGetStripe() {
	vi.resetModules();
	return (await import('./get-stripe.js')).getStripe;
}

describe('getStripe', () => {
	beforeEach(() => loadStripe.mockReset());

	it('loads Stripe.js from stripeJsUrl first, and passes Stripe only its own options', async () => {
		const appended: { src: string; onload?: () => void }[] = [];
		vi.stubGlobal('document', {
			createElement: () => ({}),
			head: {
				append: (script: { src: string; onload?: () => void }) => {
					appended.push(script);
					script.onload?.();
				}
			}
		});
		loadStripe.mockResolvedValue(fakeStripe());
		const getStripe = await freshGetStripe();
		await getStripe('pk_test_a', {
			stripeJsUrl: 'http://127.0.0.1:12111/v3/stripe.js',
			locale: 'fr'
		});
		expect(appended.map((script) => script.src)).toEqual(['http://127.0.0.1:12111/v3/stripe.js']);
		expect(loadStripe).toHaveBeenCalledWith('pk_test_a', { locale: 'fr' });
		vi.unstubAllGlobals();
	});

	it('leaves Stripe.js to Stripe when stripeJsUrl is unset or empty', async () => {
		loadStripe.mockResolvedValue(fakeStripe());
		const getStripe = await freshGetStripe();
		await getStripe('pk_test_b', { stripeJsUrl: '' });
		expect(loadStripe).toHaveBeenCalledWith('pk_test_b', undefined);
	});

	it('loads once per key and registers the library', async () => {
		const stripe = fakeStripe();
		loadStripe.mockResolvedValue(stripe);
		const getStripe = await freshGetStripe();

		const [a, b] = await Promise.all([getStripe('pk_test_a'), getStripe('pk_test_a')]);
		expect(a).toBe(stripe);
		expect(b).toBe(stripe);
		expect(loadStripe).toHaveBeenCalledTimes(1);
		expect(stripe.registerAppInfo).toHaveBeenCalledWith(
			expect.objectContaining({ name: '@nobs-pay/svelte', version: expect.any(String) })
		);
	});

	it('loads again for another key or other options', async () => {
		loadStripe.mockImplementation(async () => fakeStripe());
		const getStripe = await freshGetStripe();

		await getStripe('pk_test_a');
		await getStripe('pk_test_b');
		await getStripe('pk_test_a', { stripeAccount: 'acct_1' });
		expect(loadStripe.mock.calls.map(([key]) => key)).toEqual([
			'pk_test_a',
			'pk_test_b',
			'pk_test_a'
		]);
	});

	it('forgets a failed load so the next call retries', async () => {
		const stripe = fakeStripe();
		loadStripe.mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce(stripe);
		const getStripe = await freshGetStripe();

		await expect(getStripe('pk_test_a')).rejects.toThrow('offline');
		await expect(getStripe('pk_test_a')).resolves.toBe(stripe);
		expect(loadStripe).toHaveBeenCalledTimes(2);
	});

	it('reports the version in package.json', async () => {
		const { APP_INFO } = await import('./get-stripe.js');
		const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
		expect(APP_INFO.version).toBe(pkg.version);
	});
});
