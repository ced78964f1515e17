import type Stripe from 'stripe';
import { z } from 'zod';
import type { CustomerStore } from './stores.js';

const ensureCustomerInput = z.object({
	accountId: z.string().min(1).max(200),
	email: z.email().max(512).optional()
});

/** Options of `ensureCustomer`. */
export interface EnsureCustomerOptions {
	stripe: Stripe;
	store: CustomerStore;
	/** Your account (user or team) id; the customer gets it as `metadata.account_id`. */
	accountId: string;
	email?: string;
}

/**
 * The Stripe customer of an account, created on first use. Double clicks and parallel requests
 * end with one customer: Stripe's idempotency key, derived from the account id, makes Stripe
 * answer the same customer to concurrent creations, and the store's conditional claim keeps the
 * first id stored should a creation ever slip past the key (Stripe keeps keys for 24 hours).
 * @example const customer = await ensureCustomer({ stripe, store: customers, accountId: user.id, email: user.email });
 */
export async function ensureCustomer(options: EnsureCustomerOptions): Promise<string> {
	const { accountId, email } = ensureCustomerInput.parse({
		accountId: options.accountId,
		email: options.email
	});
	const { stripe, store } = options;
	const existing = await store.get(accountId);
	if (existing) return existing;
	const customer = await withLockRetry(() =>
		stripe.customers.create(
			{ email, metadata: { account_id: accountId } },
			{ idempotencyKey: `nobs-pay:customer:${accountId}` }
		)
	);
	return store.claim(accountId, customer.id);
}

/**
 * Stripe answers 409 to a request whose idempotency key is in use by one still running; the
 * first one finishes quickly, and the retry then gets its stored answer.
 */
async function withLockRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			const status = (error as { statusCode?: number }).statusCode;
			if (status !== 409 || attempt >= attempts) throw error;
			await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
		}
	}
}
