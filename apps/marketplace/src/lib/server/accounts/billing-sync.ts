import { reconcile, syncSubscription, type Repair } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import type { Services } from '../services.js';
import { queueTrialEndingMail } from './subscription-mail.js';

/** A stored subscription not confirmed by Stripe for this long is re-read on the billing page. */
export const STALE_MS = 60 * 60_000;

type BillingServices = Pick<Services, 'stripe' | 'billing' | 'database' | 'outboxKey' | 'config'>;

/**
 * Makes sure the plan prices exist, repairs the whole projection from Stripe (`reconcile()`: lost
 * or reordered webhooks), marks the trials it found as used, and queues the "trial ends in 3 days" mail. On start and hourly.
 */
export async function reconcileBilling(services: BillingServices): Promise<Repair[]> {
	const { stripe, billing } = services;
	// The plan prices first: the projection's price ids map to plans through them.
	await billing.planPrices();
	const repairs = await reconcile({ stripe, store: billing.subscriptions });
	for (const repair of repairs) {
		const record = await billing.subscriptions.get(repair.id);
		if (record?.trialEnd) await billing.customers.claimTrial(record.customerId);
	}
	await queueTrialEndingMail(services.database.db, {
		outboxKey: services.outboxKey,
		origin: services.config.origin
	});
	return repairs;
}

/**
 * The billing page's repair of one account: when its customer's stored subscriptions are missing
 * or were last confirmed more than `STALE_MS` ago, they are re-read from Stripe (only this
 * customer's, not the whole account's as `reconcile()` does).
 */
export async function refreshCustomer(
	services: Pick<Services, 'stripe' | 'billing'>,
	input: { customer: string; lastSyncedAt: Date | null; now?: number }
): Promise<boolean> {
	const now = input.now ?? Date.now();
	if (input.lastSyncedAt && now - input.lastSyncedAt.getTime() < STALE_MS) return false;
	const { stripe, billing } = services;
	const list: AsyncIterable<Stripe.Subscription> = stripe.subscriptions.list({
		customer: input.customer,
		status: 'all',
		limit: 100
	});
	for await (const subscription of list) {
		await syncSubscription({
			stripe,
			store: billing.subscriptions,
			customers: billing.customers,
			subscription: subscription.id
		});
	}
	return true;
}
