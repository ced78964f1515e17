import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { memoryCustomerStore } from './memory-stores.js';
import {
	cancelSubscription,
	changePlan,
	previewPlanChange,
	resumeSubscription,
	trialDays
} from './plan-changes.js';
import { subscribedCustomer, useSandbox } from './test/sandbox.js';

const sandbox = useSandbox();

describe('previewPlanChange', () => {
	// The sandbox does not serve invoices.createPreview yet: a typed fake of the three calls.
	function fakeStripe() {
		const subscription = {
			id: 'sub_1',
			customer: 'cus_1',
			items: { data: [{ id: 'si_1', quantity: 3, price: { id: 'price_pro' } }] }
		} as unknown as Stripe.Subscription;
		const createPreview = vi.fn<Stripe['invoices']['createPreview']>(
			async () => ({ amount_due: 4200, currency: 'usd' }) as Stripe.Response<Stripe.Invoice>
		);
		const stripe = {
			subscriptions: { retrieve: vi.fn(async () => subscription) },
			invoices: { createPreview },
			prices: {
				retrieve: vi.fn(async () => ({
					id: 'price_team',
					unit_amount: 4900,
					currency: 'usd',
					recurring: { interval: 'month' }
				}))
			}
		} as unknown as Stripe;
		return { stripe, createPreview };
	}

	it('answers today’s prorated charge and the price per period, at one proration date', async () => {
		const { stripe, createPreview } = fakeStripe();
		const preview = await previewPlanChange({
			stripe,
			subscription: 'sub_1',
			price: 'price_team',
			prorationDate: 1_800_000_000
		});
		expect(preview).toEqual({
			today: { amount: 4200, currency: 'usd' },
			then: { amount: 3 * 4900, currency: 'usd' },
			interval: 'month',
			prorationDate: 1_800_000_000
		});
		expect(createPreview).toHaveBeenCalledWith({
			customer: 'cus_1',
			subscription: 'sub_1',
			subscription_details: {
				items: [{ id: 'si_1', price: 'price_team', quantity: 3 }],
				proration_behavior: 'always_invoice',
				proration_date: 1_800_000_000
			}
		});
	});

	it('refuses ids of the wrong kind before calling Stripe', async () => {
		const { stripe, createPreview } = fakeStripe();
		await expect(
			previewPlanChange({ stripe, subscription: 'cus_1', price: 'price_team' })
		).rejects.toThrow();
		await expect(
			previewPlanChange({ stripe, subscription: 'sub_1', price: 'prod_team' })
		).rejects.toThrow();
		expect(createPreview).not.toHaveBeenCalled();
	});
});

describe('plan changes on the sandbox', () => {
	it('moves the subscription to the new price and keeps its item', async () => {
		const { stripe } = sandbox;
		const { subscription, team } = await subscribedCustomer(stripe);
		const updated = await changePlan({ stripe, subscription: subscription.id, price: team.id });
		expect(updated.items.data).toHaveLength(1);
		expect(updated.items.data[0]?.id).toBe(subscription.items.data[0]?.id);
		expect(updated.items.data[0]?.price.id).toBe(team.id);
	});

	it('cancels at period end with the reason, resumes, then cancels at once', async () => {
		const { stripe } = sandbox;
		const { subscription } = await subscribedCustomer(stripe);
		const canceling = await cancelSubscription({
			stripe,
			subscription: subscription.id,
			reason: 'Too expensive'
		});
		expect(canceling).toMatchObject({ status: 'active', cancel_at_period_end: true });
		expect(canceling.cancellation_details?.comment).toBe('Too expensive');

		const resumed = await resumeSubscription({ stripe, subscription: subscription.id });
		expect(resumed).toMatchObject({ status: 'active', cancel_at_period_end: false });

		const ended = await cancelSubscription({
			stripe,
			subscription: subscription.id,
			atPeriodEnd: false
		});
		expect(ended.status).toBe('canceled');
	});
});

describe('trialDays', () => {
	it('gives the trial until the customer has had one', async () => {
		const store = memoryCustomerStore();
		expect(await trialDays({ store, customer: 'cus_1', days: 14 })).toBe(14);
		// Asking again is not having a trial: an abandoned checkout keeps it.
		expect(await trialDays({ store, customer: 'cus_1', days: 14 })).toBe(14);
		await store.claimTrial('cus_1');
		expect(await trialDays({ store, customer: 'cus_1', days: 14 })).toBeUndefined();
		expect(await trialDays({ store, customer: 'cus_2', days: 14 })).toBe(14);
	});
});
