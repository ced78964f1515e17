import { describe, expect, it } from 'vitest';
import { ensureCustomer } from './customer.js';
import { memoryCustomerStore } from './memory-stores.js';
import type { CustomerStore } from './stores.js';
import { useSandbox } from './test/sandbox.js';

const sandbox = useSandbox();

describe('ensureCustomer', () => {
	it('creates one Stripe customer for an account under a burst of parallel calls', async () => {
		const { stripe } = sandbox;
		const store = memoryCustomerStore();
		const accountId = `acct-${crypto.randomUUID()}`;
		const email = `${accountId}@example.com`;
		const ids = await Promise.all(
			Array.from({ length: 8 }, () => ensureCustomer({ stripe, store, accountId, email }))
		);
		expect(new Set(ids).size).toBe(1);
		expect(await store.get(accountId)).toBe(ids[0]);
		// The idempotency key, not only the store, kept Stripe at one customer.
		const created = await stripe.customers.list({ email, limit: 10 });
		expect(created.data.map((customer) => customer.id)).toEqual([ids[0]]);
		expect(created.data[0]?.metadata).toEqual({ account_id: accountId });
	});

	it('keeps the first stored customer when a store never saw the others', async () => {
		const { stripe } = sandbox;
		// A store whose reads lag (a replica): every call misses and creates, the claim decides.
		const inner = memoryCustomerStore();
		const lagging: CustomerStore = { ...inner, get: async () => null };
		const accountId = `acct-${crypto.randomUUID()}`;
		const first = await ensureCustomer({ stripe, store: lagging, accountId });
		const second = await ensureCustomer({ stripe, store: lagging, accountId });
		expect(second).toBe(first);
	});

	it('answers the stored customer without asking Stripe', async () => {
		const store = memoryCustomerStore();
		await store.claim('acct-1', 'cus_stored');
		const stripe = new Proxy({} as never, {
			get: () => {
				throw new Error('Stripe was called');
			}
		});
		expect(await ensureCustomer({ stripe, store, accountId: 'acct-1' })).toBe('cus_stored');
	});

	it('refuses an empty account id or a malformed email', async () => {
		const { stripe } = sandbox;
		const store = memoryCustomerStore();
		await expect(ensureCustomer({ stripe, store, accountId: '' })).rejects.toThrow();
		await expect(
			ensureCustomer({ stripe, store, accountId: 'acct-2', email: 'not an email' })
		).rejects.toThrow();
	});
});
