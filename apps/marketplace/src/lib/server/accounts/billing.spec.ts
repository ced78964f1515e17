import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { ensureCustomer, syncSubscription, trialDays } from '@nobs-pay/svelte/server';
import { and, eq, isNotNull } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { emailOutbox, subscriptions } from '../db/schema.js';
import { fulfillOrder } from '../orders.js';
import { describeEachDriver } from '../testing/databases.js';
import { accountHelpers, priceOf, testOrigin } from '../testing/accounts.js';
import { pendingOrder, professional, testOutboxKey } from '../testing/orders.js';
import { reconcileBilling } from './billing-sync.js';
import { getEntitlement } from './entitlement.js';
import { issueDownload, ordersForEmail } from './order-history.js';
import { ensurePlanPrices, type PlanPrice } from './plan-prices.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

const { stores, newUser, payingAccount } = accountHelpers(() => stripe);

async function mailKinds(db: Db, to: string) {
	const rows = await db
		.select({ kind: emailOutbox.kind })
		.from(emailOutbox)
		.where(and(eq(emailOutbox.to, to), isNotNull(emailOutbox.cause)))
		.orderBy(emailOutbox.id);
	return rows.map((row) => row.kind);
}

describeEachDriver('accounts and billing', (database) => {
	let prices: PlanPrice[];
	beforeAll(async () => {
		prices = await ensurePlanPrices(database().db, stripe);
	});

	it('creates the plan prices once and finds them again by lookup key', async () => {
		const again = await ensurePlanPrices(database().db, stripe);
		expect(again.map((price) => price.stripePriceId)).toEqual(
			prices.map((price) => price.stripePriceId)
		);
		expect(prices.map((price) => price.sku)).toEqual([
			'api-pro-monthly',
			'api-pro-yearly',
			'api-team-monthly',
			'api-team-yearly'
		]);
	});

	it('gives parallel first requests of an account one Stripe customer', async () => {
		const { db } = database();
		const user = await newUser(db);
		const { customers } = stores(db);
		const ids = await Promise.all(
			Array.from({ length: 5 }, () =>
				ensureCustomer({ stripe, store: customers, accountId: user.id, email: user.email })
			)
		);
		expect(new Set(ids).size).toBe(1);
		expect(await customers.get(user.id)).toBe(ids[0]);
	});

	it('projects a trialing Pro subscription into the entitlement and spends the trial once', async () => {
		const { db } = database();
		const { user, customer } = await payingAccount(db);
		const { customers, subscriptions: store } = stores(db);
		expect(await getEntitlement(db, user.id)).toBeNull();
		expect(await trialDays({ store: customers, customer, days: 14 })).toBe(14);

		const subscription = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-pro-monthly') }],
			trial_period_days: 14
		});
		await syncSubscription({ stripe, store, customers, subscription: subscription.id });

		const entitlement = await getEntitlement(db, user.id);
		expect(entitlement).toMatchObject({
			accountId: user.id,
			planId: 'api-pro',
			status: 'trialing',
			pastDueSince: null,
			cancelAtPeriodEnd: false,
			seats: 1
		});
		expect(entitlement?.currentPeriodEnd.getTime()).toBeGreaterThan(
			entitlement?.currentPeriodStart.getTime() ?? Infinity
		);
		expect(await trialDays({ store: customers, customer, days: 14 })).toBeUndefined();

		// Syncing again (a redelivered webhook) sends no second welcome.
		await syncSubscription({ stripe, store, customers, subscription: subscription.id });
		expect(await mailKinds(db, user.email)).toEqual(['welcome']);
	});

	it('repairs a subscription whose webhook never came with reconcile', async () => {
		const { db } = database();
		const { user, customer } = await payingAccount(db);
		const billing = stores(db);
		await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-team-monthly') }]
		});
		expect(await getEntitlement(db, user.id)).toBeNull();

		const repairs = await reconcileBilling({
			stripe,
			billing: { ...billing, planPrices: async () => prices },
			database: database(),
			outboxKey: testOutboxKey,
			config: { origin: testOrigin } as never
		});

		expect(repairs.some((repair) => repair.kind === 'missing')).toBe(true);
		expect(await getEntitlement(db, user.id)).toMatchObject({
			planId: 'api-team',
			status: 'active'
		});
	});

	it('mails each plan change, cancellation, failed and recovered payment once', async () => {
		const { db } = database();
		const { user, customer } = await payingAccount(db);
		const { customers, subscriptions: store } = stores(db);
		const subscription = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-pro-monthly') }]
		});
		const sync = () =>
			syncSubscription({ stripe, store, customers, subscription: subscription.id });
		await sync();

		const item = subscription.items.data[0];
		await stripe.subscriptions.update(subscription.id, {
			items: [{ id: item?.id, price: priceOf(prices, 'api-team-monthly') }],
			proration_behavior: 'none'
		});
		await sync();
		await sync();
		expect((await getEntitlement(db, user.id))?.planId).toBe('api-team');

		await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
		await sync();
		await sync();
		expect((await getEntitlement(db, user.id))?.cancelAtPeriodEnd).toBe(true);

		// The dunning clock starts once and survives repeated reports of the same spell.
		const record = await store.get(subscription.id);
		if (!record) throw new Error('not stored');
		await store.upsert({ ...record, status: 'past_due' });
		const since = (await getEntitlement(db, user.id))?.pastDueSince;
		expect(since).toBeInstanceOf(Date);
		await store.upsert({ ...record, status: 'past_due' });
		expect((await getEntitlement(db, user.id))?.pastDueSince).toEqual(since);
		await store.upsert({ ...record, status: 'active' });
		expect((await getEntitlement(db, user.id))?.pastDueSince).toBeNull();

		expect(await mailKinds(db, user.email)).toEqual([
			'welcome',
			'plan-changed',
			'plan-canceled',
			'payment-failed',
			'payment-recovered'
		]);
	});

	it('judges an account by its live subscription, not an older canceled one', async () => {
		const { db } = database();
		const { user, customer } = await payingAccount(db);
		const { customers, subscriptions: store } = stores(db);
		const old = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-team-monthly') }]
		});
		await stripe.subscriptions.cancel(old.id);
		const current = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-pro-yearly') }]
		});
		for (const id of [current.id, old.id]) {
			await syncSubscription({ stripe, store, customers, subscription: id });
		}
		expect(await getEntitlement(db, user.id)).toMatchObject({
			planId: 'api-pro',
			status: 'active'
		});
		const rows = await db
			.select()
			.from(subscriptions)
			.where(eq(subscriptions.customerId, customer));
		expect(rows).toHaveLength(2);
	});

	it('lists the orders of the signed-in email only and issues download links for them', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db, [professional]);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });

		const orders = await ordersForEmail(db, 'BUYER@example.com');
		const order = orders.find((candidate) => candidate.id === orderId);
		expect(order).toMatchObject({
			status: 'paid',
			items: [{ sku: professional.sku, downloadable: true }]
		});
		expect(order?.licenseKeyHint).toMatch(/^NOBS-[A-Z2-7]{4}…[A-Z2-7]{4}$/);
		expect(await ordersForEmail(db, 'someone-else@example.com')).toEqual([]);

		expect(
			await issueDownload(db, { email: 'someone-else@example.com', orderId, line: 0 })
		).toEqual({
			outcome: 'not-found'
		});
		const issued = await issueDownload(db, { email: 'buyer@example.com', orderId, line: 0 });
		expect(issued).toMatchObject({
			outcome: 'issued',
			token: expect.stringMatching(/^[\w-]{43}$/)
		});
	});
});
