import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { ensureCustomer, syncSubscription, trialDays } from '@nobs-pay/svelte/server';
import { and, eq, isNotNull } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { authUser, emailOutbox, subscriptions } from '../db/schema.js';
import { fulfillOrder } from '../orders.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder, professional, testOutboxKey } from '../testing/orders.js';
import { drizzleCustomerStore, drizzleSubscriptionStore } from './billing-stores.js';
import { reconcileBilling } from './billing-sync.js';
import { getEntitlement } from './entitlement.js';
import { issueDownload, ordersForEmail } from './order-history.js';
import { ensurePlanPrices, type PlanPrice } from './plan-prices.js';
import { inviteMember, MAX_TEAM_MEMBERS, resolveAccountId } from './team.js';
import { subscriptionMail } from './subscription-mail.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

const origin = 'https://shop.example';

function stores(db: Db) {
	const customers = drizzleCustomerStore(db);
	const subscriptionStore = drizzleSubscriptionStore(db, {
		onChange: subscriptionMail({ outboxKey: testOutboxKey, origin })
	});
	return { customers, subscriptions: subscriptionStore };
}

async function newUser(db: Db, email = `${crypto.randomUUID()}@example.com`) {
	const id = `user_${crypto.randomUUID()}`;
	await db.insert(authUser).values({ id, email, name: '', emailVerified: true });
	return { id, email, name: '' };
}

const priceOf = (prices: PlanPrice[], sku: string) => {
	const price = prices.find((candidate) => candidate.sku === sku);
	if (!price) throw new Error(`No price ${sku}`);
	return price.stripePriceId;
};

async function mailKinds(db: Db, to: string) {
	const rows = await db
		.select({ kind: emailOutbox.kind })
		.from(emailOutbox)
		.where(and(eq(emailOutbox.to, to), isNotNull(emailOutbox.cause)))
		.orderBy(emailOutbox.id);
	return rows.map((row) => row.kind);
}

/** A signed-up account with a card on its one Stripe customer. */
async function payingAccount(db: Db) {
	const user = await newUser(db);
	const { customers } = stores(db);
	const customer = await ensureCustomer({
		stripe,
		store: customers,
		accountId: user.id,
		email: user.email
	});
	const card = await stripe.paymentMethods.attach('pm_card_visa', { customer });
	await stripe.customers.update(customer, {
		invoice_settings: { default_payment_method: card.id }
	});
	return { user, customer };
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
			config: { origin } as never
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

	it('lets a Team owner invite up to ten members, who then use the owner account', async () => {
		const { db } = database();
		const { user: owner, customer } = await payingAccount(db);
		const { customers, subscriptions: store } = stores(db);
		expect(await inviteMember(db, { owner, email: 'a@example.com' })).toEqual({
			outcome: 'team-plan-required'
		});
		const team = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-team-monthly') }]
		});
		await syncSubscription({ stripe, store, customers, subscription: team.id });

		const emails = Array.from(
			{ length: MAX_TEAM_MEMBERS + 1 },
			() => `${crypto.randomUUID()}@example.com`
		);
		const results = await Promise.all(emails.map((email) => inviteMember(db, { owner, email })));
		expect(results.filter((result) => result.outcome === 'invited')).toHaveLength(MAX_TEAM_MEMBERS);
		expect(results.filter((result) => result.outcome === 'team-full')).toHaveLength(1);
		expect(await inviteMember(db, { owner, email: owner.email.toUpperCase() })).toEqual({
			outcome: 'self'
		});

		const invited = results.find((result) => result.outcome === 'invited');
		if (!invited || !('email' in invited)) throw new Error('nobody invited');
		const member = await newUser(db, invited.email);
		expect(await resolveAccountId(db, member)).toBe(owner.id);
		expect(await resolveAccountId(db, member)).toBe(owner.id);
		const stranger = await newUser(db);
		expect(await resolveAccountId(db, stranger)).toBe(stranger.id);

		// The Team plan ends: its members use their own accounts again, and a pending invitation
		// of the ended team is not accepted.
		await stripe.subscriptions.cancel(team.id);
		await syncSubscription({ stripe, store, customers, subscription: team.id });
		expect(await resolveAccountId(db, member)).toBe(member.id);
		const late = results.find(
			(result) => result.outcome === 'invited' && 'email' in result && result.email !== member.email
		);
		if (!late || !('email' in late)) throw new Error('nobody else invited');
		const lateMember = await newUser(db, late.email);
		expect(await resolveAccountId(db, lateMember)).toBe(lateMember.id);
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
