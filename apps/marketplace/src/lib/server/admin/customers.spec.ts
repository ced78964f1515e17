import { expect, it } from 'vitest';
import { authUser, billingCustomers, planPrices, subscriptions } from '../db/schema.js';
import { recordDispute } from '../disputes.js';
import { fulfillOrder, createPendingOrder, attachPaymentIntent } from '../orders.js';
import { applyRefund } from '../refunds.js';
import { describeEachDriver } from '../testing/databases.js';
import { professional, testOutboxKey } from '../testing/orders.js';
import { deriveLicenseKey } from '../tokens.js';
import { recordAudit } from './audit.js';
import { loadCustomer } from './customers-detail.js';
import { searchCustomers } from './customers.js';
import type { Db } from '../db/index.js';

let intents = 0;
async function paidOrder(db: Db, email: string) {
	const { orderId, accessToken } = await createPendingOrder(
		db,
		{
			email,
			lines: [professional],
			currency: 'usd',
			amount: professional.unitAmount,
			displayTotal: '$499.00',
			origin: 'https://shop.example'
		},
		{ outboxKey: testOutboxKey }
	);
	const paymentIntentId = `pi_customers_${++intents}_${Date.now()}`;
	await attachPaymentIntent(db, { orderId, paymentIntentId });
	await fulfillOrder(db, {
		paymentIntentId,
		amountReceived: professional.unitAmount,
		currency: 'usd'
	});
	return { orderId, accessToken, paymentIntentId };
}

describeEachDriver('admin customers', (database) => {
	it('finds buyers and accounts by email or name, merged by email, with net spent', async () => {
		const { db } = database();
		const first = await paidOrder(db, 'ann.lee@example.com');
		await paidOrder(db, 'Ann.Lee@example.com');
		await paidOrder(db, 'bob@example.com');
		await db.insert(authUser).values([
			{ id: 'u_ann', name: 'Ann Lee', email: 'ANN.LEE@example.com' },
			{ id: 'u_zed', name: 'Zed Account', email: 'zed@example.com' }
		]);
		await applyRefund(db, {
			order: { orderId: first.orderId },
			refund: { id: 're_ann', amount: 9_900, currency: 'usd' }
		});

		const byName = await searchCustomers(db, { q: 'ann lee', page: 1 });
		expect(byName.total).toBe(1);
		expect(byName.rows[0]).toMatchObject({
			email: 'ann.lee@example.com',
			name: 'Ann Lee',
			orders: 2,
			hasAccount: true,
			spent: [{ currency: 'usd', amount: 2 * 49_900 - 9_900 }]
		});
		expect((await searchCustomers(db, { q: 'ZED@', page: 1 })).rows).toMatchObject([
			{ key: 'u_zed', orders: 0, spent: [] }
		]);
		// A wildcard typed in the box is a character, not "anything".
		expect((await searchCustomers(db, { q: '%', page: 1 })).total).toBe(0);
		const pageOne = await searchCustomers(db, { q: '', page: 1, pageSize: 2 });
		const pageTwo = await searchCustomers(db, { q: '', page: 2, pageSize: 2 });
		expect(pageOne.total).toBe(3);
		expect([...pageOne.rows, ...pageTwo.rows].map((row) => row.email).sort()).toEqual([
			'ann.lee@example.com',
			'bob@example.com',
			'zed@example.com'
		]);
	});

	it('shows a customer with orders, key hint, grants, refunds, disputes, subscriptions and a timeline', async () => {
		const { db } = database();
		const order = await paidOrder(db, 'cleo@example.com');
		await db.insert(authUser).values({ id: 'u_cleo', name: 'Cleo', email: 'cleo@example.com' });
		await db
			.insert(billingCustomers)
			.values({ accountId: 'u_cleo', stripeCustomerId: 'cus_stripe_cleo' });
		await db
			.insert(planPrices)
			.values({ stripePriceId: 'price_pro', sku: 'api-pro-monthly', productId: 'api-pro' });
		await db.insert(subscriptions).values({
			id: 'sub_cleo',
			customerId: 'cus_stripe_cleo',
			status: 'active',
			priceId: 'price_pro',
			quantity: 1,
			cancelAtPeriodEnd: false
		});
		await applyRefund(db, {
			order: { orderId: order.orderId },
			refund: { id: 're_cleo', amount: 1_000, currency: 'usd', reason: 'late' }
		});
		await recordDispute(db, {
			paymentIntentId: order.paymentIntentId,
			dispute: {
				id: 'dp_cleo',
				amount: 48_900,
				currency: 'usd',
				reason: 'fraudulent',
				status: 'needs_response'
			}
		});
		await recordAudit(db, {
			actor: 'founder@shop.dev',
			action: 'grant.reset',
			target: order.orderId
		});

		const customer = await loadCustomer(db, 'u_cleo');
		expect(customer).toMatchObject({ email: 'cleo@example.com', name: 'Cleo' });
		const [shown] = customer?.orders ?? [];
		const key = deriveLicenseKey(order.accessToken);
		expect(shown?.licenseKey?.hint).toBe(`${key.slice(0, 9)}…${key.slice(-4)}`);
		expect(JSON.stringify(customer)).not.toContain(key);
		expect(shown).toMatchObject({
			refunded: 1_000,
			grants: [{ state: 'active', downloads: 0, maxDownloads: 5 }],
			disputes: [{ id: 'dp_cleo', status: 'needs_response' }]
		});
		expect(customer?.subscriptions).toMatchObject([
			{ id: 'sub_cleo', productId: 'api-pro', status: 'active' }
		]);
		const kinds = customer?.timeline.map((event) => event.kind) ?? [];
		expect(kinds).toEqual(
			expect.arrayContaining([
				'order.created',
				'order.paid',
				'refund',
				'dispute',
				'grant.issued',
				'grant.reset'
			])
		);
		const times = customer?.timeline.map((event) => event.at.getTime()) ?? [];
		expect(times).toEqual([...times].sort((a, b) => b - a));
		// The same person through their buyer id.
		expect((await loadCustomer(db, customer?.customerId ?? ''))?.account?.id).toBe('u_cleo');
		expect(await loadCustomer(db, 'cus_nobody')).toBeUndefined();
	});
});
