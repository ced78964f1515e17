import type Stripe from 'stripe';
import { z } from 'zod';
import type { WebhookEvent, WebhookEventType, WebhookHandlers } from '../webhook-handler.js';
import type { CustomerStore, SubscriptionRecord, SubscriptionStore } from './stores.js';

const subscriptionId = z.string().regex(/^sub_\w+$/, 'a Stripe subscription id (sub_…)');

/** The record a Stripe subscription is stored as. */
export function projectSubscription(subscription: Stripe.Subscription): SubscriptionRecord {
	const item = subscription.items.data[0];
	const customer = subscription.customer;
	return {
		id: subscription.id,
		customerId: typeof customer === 'string' ? customer : customer.id,
		status: subscription.status,
		priceId: item?.price.id ?? null,
		quantity: item?.quantity ?? 1,
		currentPeriodStart: item?.current_period_start ?? null,
		currentPeriodEnd: item?.current_period_end ?? null,
		cancelAtPeriodEnd: subscription.cancel_at_period_end,
		cancelAt: subscription.cancel_at,
		canceledAt: subscription.canceled_at,
		trialEnd: subscription.trial_end
	};
}

/** Options shared by the projection helpers. */
export interface SubscriptionSyncOptions {
	stripe: Stripe;
	store: SubscriptionStore;
	/** When given, a subscription with a trial marks its customer's trial as used. */
	customers?: CustomerStore;
}

/**
 * Fetches a subscription from Stripe and stores what Stripe says now. Events arrive late, twice
 * and out of order, so their payload is never stored: the latest state is.
 */
export async function syncSubscription(
	options: SubscriptionSyncOptions & { subscription: string }
): Promise<SubscriptionRecord> {
	const id = subscriptionId.parse(options.subscription);
	const record = projectSubscription(await options.stripe.subscriptions.retrieve(id));
	await options.store.upsert(record);
	if (record.trialEnd !== null) await options.customers?.claimTrial(record.customerId);
	return record;
}

const subscriptionEvents = [
	'customer.subscription.created',
	'customer.subscription.updated',
	'customer.subscription.deleted',
	'customer.subscription.paused',
	'customer.subscription.resumed',
	'customer.subscription.trial_will_end',
	'customer.subscription.pending_update_applied',
	'customer.subscription.pending_update_expired'
] as const satisfies readonly WebhookEventType[];

const invoiceEvents = [
	'invoice.created',
	'invoice.finalized',
	'invoice.paid',
	'invoice.payment_failed',
	'invoice.payment_action_required',
	'invoice.payment_succeeded',
	'invoice.marked_uncollectible',
	'invoice.voided',
	'invoice.updated'
] as const satisfies readonly WebhookEventType[];

const idOf = (value: string | { id: string } | null | undefined) =>
	typeof value === 'string' ? value : (value?.id ?? null);

/**
 * Webhook handlers that keep a `SubscriptionStore` in step with Stripe, for `createWebhookHandler`'s
 * `on` (spread your own handlers after them). Each re-fetches the subscription an event names.
 * @example createWebhookHandler({ stripe, secrets, inbox, on: { ...subscriptionWebhookHandlers({ stripe, store }), ...mine } })
 */
export function subscriptionWebhookHandlers(options: SubscriptionSyncOptions): WebhookHandlers {
	const sync = async (subscription: string | null) => {
		if (subscription) await syncSubscription({ ...options, subscription });
	};
	const handlers: WebhookHandlers = {
		'checkout.session.completed': (event) => sync(idOf(event.data.object.subscription))
	};
	for (const type of subscriptionEvents) {
		handlers[type] = (event: WebhookEvent<typeof type>) => sync(event.data.object.id);
	}
	for (const type of invoiceEvents) {
		handlers[type] = (event: WebhookEvent<typeof type>) =>
			sync(idOf(event.data.object.parent?.subscription_details?.subscription));
	}
	return handlers;
}

/** One repair `reconcile` made. */
export interface Repair {
	id: string;
	/** `missing`: the store did not know it; `stale`: fields differed. */
	kind: 'missing' | 'stale';
	/** The fields that differed, with the stored and the Stripe value. */
	changes: { field: keyof SubscriptionRecord; stored: unknown; stripe: unknown }[];
}

/** Options of `reconcile`. */
export interface ReconcileOptions extends SubscriptionSyncOptions {
	/** Only subscriptions created at or after this time (seconds), to bound a nightly run. */
	createdSince?: number;
}

/**
 * Lists every subscription at Stripe and repairs the store where lost or reordered webhooks
 * left it wrong. Run it from a cron job; it answers what it repaired.
 * @example const repairs = await reconcile({ stripe, store: subscriptions });
 */
export async function reconcile(options: ReconcileOptions): Promise<Repair[]> {
	const createdSince = z.number().int().nonnegative().optional().parse(options.createdSince);
	const repairs: Repair[] = [];
	const list = options.stripe.subscriptions.list({
		status: 'all',
		limit: 100,
		...(createdSince === undefined ? {} : { created: { gte: createdSince } })
	});
	for await (const subscription of list) {
		const fresh = projectSubscription(subscription);
		const stored = await options.store.get(fresh.id);
		const changes = (Object.keys(fresh) as (keyof SubscriptionRecord)[])
			.filter((field) => stored?.[field] !== fresh[field])
			.map((field) => ({ field, stored: stored?.[field], stripe: fresh[field] }));
		if (changes.length === 0) continue;
		await options.store.upsert(fresh);
		repairs.push({ id: fresh.id, kind: stored ? 'stale' : 'missing', changes });
	}
	return repairs;
}
