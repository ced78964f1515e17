import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../webhook-handler.js';
import { memoryCustomerStore, memorySubscriptionStore } from './memory-stores.js';
import { reconcile, subscriptionWebhookHandlers, syncSubscription } from './subscriptions.js';
import { subscribedCustomer, useSandbox } from './test/sandbox.js';

const sandbox = useSandbox();

/** An event as Stripe would deliver it, carrying a snapshot of the object at that time. */
function eventOf<T extends WebhookEvent['type']>(type: T, object: unknown): WebhookEvent<T> {
	return { id: `evt_${crypto.randomUUID()}`, type, data: { object } } as unknown as WebhookEvent<T>;
}

describe('subscription projection', () => {
	it('stores what Stripe says now, even when an older event arrives last', async () => {
		const { stripe } = sandbox;
		const { subscription } = await subscribedCustomer(stripe);
		const store = memorySubscriptionStore();
		const on = subscriptionWebhookHandlers({ stripe, store });
		const canceling = await stripe.subscriptions.update(subscription.id, {
			cancel_at_period_end: true
		});

		await on['customer.subscription.updated']?.(
			eventOf('customer.subscription.updated', canceling)
		);
		// The creation event, delivered late, still carries cancel_at_period_end: false.
		await on['customer.subscription.created']?.(
			eventOf('customer.subscription.created', subscription)
		);

		expect(await store.get(subscription.id)).toMatchObject({
			status: 'active',
			cancelAtPeriodEnd: true,
			priceId: subscription.items.data[0]?.price.id,
			currentPeriodStart: subscription.items.data[0]?.current_period_start
		});
	});

	it('follows checkout sessions and invoices to their subscription', async () => {
		const { stripe } = sandbox;
		const { subscription } = await subscribedCustomer(stripe);
		const store = memorySubscriptionStore();
		const on = subscriptionWebhookHandlers({ stripe, store });

		await on['checkout.session.completed']?.(
			eventOf('checkout.session.completed', { id: 'cs_test', subscription: subscription.id })
		);
		expect((await store.get(subscription.id))?.status).toBe('active');

		await stripe.subscriptions.cancel(subscription.id);
		const invoice = {
			id: 'in_test',
			parent: { subscription_details: { subscription: subscription.id } }
		};
		await on['invoice.voided']?.(eventOf('invoice.voided', invoice));
		expect((await store.get(subscription.id))?.status).toBe('canceled');

		// A one-off invoice names no subscription: nothing to sync, nothing thrown.
		await on['invoice.paid']?.(eventOf('invoice.paid', { id: 'in_oneoff', parent: null }));
	});

	it('marks the trial used once a trialing subscription is synced', async () => {
		const { stripe } = sandbox;
		const { subscription, customer } = await subscribedCustomer(stripe, { trialDays: 14 });
		const customers = memoryCustomerStore();
		await syncSubscription({
			stripe,
			store: memorySubscriptionStore(),
			customers,
			subscription: subscription.id
		});
		expect(await customers.trialUsed(customer.id)).toBe(true);
	});

	it('refuses an id that is not a subscription id', async () => {
		const { stripe } = sandbox;
		await expect(
			syncSubscription({ stripe, store: memorySubscriptionStore(), subscription: '../cus_1' })
		).rejects.toThrow();
	});
});

describe('reconcile', () => {
	it('repairs missing and stale records and says what it changed', async () => {
		const { stripe } = sandbox;
		const kept = await subscribedCustomer(stripe);
		const lost = await subscribedCustomer(stripe);
		const store = memorySubscriptionStore();
		await syncSubscription({ stripe, store, subscription: kept.subscription.id });
		// The webhook for this cancellation was lost.
		await stripe.subscriptions.update(kept.subscription.id, { cancel_at_period_end: true });

		const repairs = await reconcile({ stripe, store });
		const byId = new Map(repairs.map((repair) => [repair.id, repair]));
		expect(byId.get(lost.subscription.id)?.kind).toBe('missing');
		expect(byId.get(kept.subscription.id)).toMatchObject({
			kind: 'stale',
			changes: expect.arrayContaining([{ field: 'cancelAtPeriodEnd', stored: false, stripe: true }])
		});
		expect(byId.get(kept.subscription.id)?.changes.map((change) => change.field)).not.toContain(
			'priceId'
		);
		expect((await store.get(kept.subscription.id))?.cancelAtPeriodEnd).toBe(true);
		expect(await store.get(lost.subscription.id)).not.toBeNull();

		// A second run finds nothing left to repair.
		expect(
			(await reconcile({ stripe, store })).filter((repair) =>
				[kept.subscription.id, lost.subscription.id].includes(repair.id)
			)
		).toEqual([]);
	});

	it('repairs only subscriptions created since createdSince', async () => {
		const { stripe } = sandbox;
		const older = await subscribedCustomer(stripe);
		await sandbox.advance(3600);
		const newer = await subscribedCustomer(stripe);
		expect(newer.subscription.created).toBeGreaterThan(older.subscription.created);
		const store = memorySubscriptionStore();

		const recent = await reconcile({ stripe, store, createdSince: newer.subscription.created });
		const ids = recent.map((repair) => repair.id);
		expect(ids).toContain(newer.subscription.id);
		expect(ids).not.toContain(older.subscription.id);
		expect(await store.get(older.subscription.id)).toBeNull();

		// Without the bound, the older one is found too.
		const all = await reconcile({ stripe, store });
		expect(all.map((repair) => repair.id)).toContain(older.subscription.id);
		expect(all.map((repair) => repair.id)).not.toContain(newer.subscription.id);
	});

	it('refuses a createdSince that is not a whole number of seconds', async () => {
		const { stripe } = sandbox;
		const store = memorySubscriptionStore();
		await expect(reconcile({ stripe, store, createdSince: 1.5 })).rejects.toThrow();
		await expect(reconcile({ stripe, store, createdSince: -1 })).rejects.toThrow();
	});
});
