// A sandbox per spec file and a customer on a monthly plan, for the billing helpers' tests.
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
// By its public name, as an app's tests reach it (the lint rule bans importing it by path); CI
// builds it first, locally run `pnpm --filter @nobs-pay/sandbox build`.
import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';

/**
 * Starts the sandbox before the file's tests and stops it after; read `.stripe` inside tests.
 * `advance(seconds)` moves the sandbox's clock forward.
 */
export function useSandbox(): { readonly stripe: Stripe; advance(seconds: number): Promise<void> } {
	let sandbox: Sandbox | undefined;
	let stripe: Stripe | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
		stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
	});
	afterAll(async () => {
		await sandbox?.stop();
	});
	return {
		advance: async (seconds) => {
			if (!sandbox) throw new Error('The sandbox has not started.');
			await sandbox.clock.advance(seconds);
		},
		get stripe() {
			if (!stripe) throw new Error('The sandbox has not started.');
			return stripe;
		}
	};
}

/** A customer with a card, a Pro and a Team monthly price, and a Pro subscription. */
export async function subscribedCustomer(stripe: Stripe, options: { trialDays?: number } = {}) {
	const customer = await stripe.customers.create({
		email: 'billing@example.com',
		payment_method: 'pm_card_visa',
		invoice_settings: { default_payment_method: 'pm_card_visa' }
	});
	const price = (name: string, unit_amount: number) =>
		stripe.prices.create({
			currency: 'usd',
			unit_amount,
			recurring: { interval: 'month' },
			product_data: { name }
		});
	const [pro, team] = await Promise.all([price('Pro', 1900), price('Team', 4900)]);
	const subscription = await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: pro.id }],
		...(options.trialDays ? { trial_period_days: options.trialDays } : {})
	});
	return { customer, pro, team, subscription };
}
