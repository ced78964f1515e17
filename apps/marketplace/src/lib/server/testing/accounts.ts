import { ensureCustomer } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { drizzleCustomerStore, drizzleSubscriptionStore } from '../accounts/billing-stores.js';
import type { PlanPrice } from '../accounts/plan-prices.js';
import { subscriptionMail } from '../accounts/subscription-mail.js';
import type { Db } from '../db/index.js';
import { authUser } from '../db/schema.js';
import { testOutboxKey } from './orders.js';

/** The origin the tests' subscription emails link to. */
export const testOrigin = 'https://shop.example';

/** The Stripe price id of a plan SKU (`api-team-monthly`). */
export const priceOf = (prices: PlanPrice[], sku: string) => {
	const price = prices.find((candidate) => candidate.sku === sku);
	if (!price) throw new Error(`No price ${sku}`);
	return price.stripePriceId;
};

/**
 * Accounts for the billing and team specs: users, the app's billing stores, and a paying
 * account on the sandbox (`stripe` is read when called: the sandbox starts in `beforeAll`).
 */
export function accountHelpers(stripe: () => Stripe) {
	function stores(db: Db) {
		const customers = drizzleCustomerStore(db);
		const subscriptionStore = drizzleSubscriptionStore(db, {
			onChange: subscriptionMail({ outboxKey: testOutboxKey, origin: testOrigin })
		});
		return { customers, subscriptions: subscriptionStore };
	}

	async function newUser(db: Db, email = `${crypto.randomUUID()}@example.com`) {
		const id = `user_${crypto.randomUUID()}`;
		await db.insert(authUser).values({ id, email, name: '', emailVerified: true });
		return { id, email, name: '' };
	}

	/** A signed-up account with a card on its one Stripe customer. */
	async function payingAccount(db: Db) {
		const user = await newUser(db);
		const { customers } = stores(db);
		const customer = await ensureCustomer({
			stripe: stripe(),
			store: customers,
			accountId: user.id,
			email: user.email
		});
		const card = await stripe().paymentMethods.attach('pm_card_visa', { customer });
		await stripe().customers.update(customer, {
			invoice_settings: { default_payment_method: card.id }
		});
		return { user, customer };
	}

	return { stores, newUser, payingAccount };
}
