import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import type { WebhookEvent } from '@nobs-pay/svelte/server';
import { eq, sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Db } from './db/index.js';
import { downloadGrants, emailOutbox, licenseKeys, orders, payments } from './db/schema.js';
import {
	reconcileOnView,
	reconcileOrder,
	reconcilePendingOrders,
	VIEW_CHECK_MS
} from './reconcile-orders.js';
import { describeEachDriver } from './testing/databases.js';
import { pendingOrder, professional } from './testing/orders.js';
import { marketplaceWebhookHandlers } from './webhooks.js';

let sandbox: Sandbox;
let stripe: Stripe;
beforeAll(async () => {
	sandbox = await startSandbox();
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

/** A pending order for one Professional bundle, its intent created in the sandbox. */
async function orderWithIntent(db: Db, { pay }: { pay: boolean }) {
	const intent = await stripe.paymentIntents.create({
		amount: professional.unitAmount,
		currency: 'usd',
		...(pay ? { payment_method: 'pm_card_visa', confirm: true } : {})
	});
	const order = await pendingOrder(db, [professional], { paymentIntentId: intent.id });
	return { ...order, intent };
}

/** What fulfilment wrote for an order: rows that must exist exactly once. */
async function fulfilment(db: Db, orderId: string) {
	const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
	const count = async (table: typeof payments | typeof downloadGrants | typeof licenseKeys) =>
		(await db.select().from(table).where(eq(table.orderId, orderId))).length;
	const receipts = await db
		.select({ status: emailOutbox.status })
		.from(emailOutbox)
		.where(eq(emailOutbox.orderId, orderId));
	return {
		status: order?.status,
		payments: await count(payments),
		grants: await count(downloadGrants),
		licenses: await count(licenseKeys),
		receipts: receipts.map((receipt) => receipt.status)
	};
}

const fulfilledOnce = { status: 'paid', payments: 1, grants: 1, licenses: 1, receipts: ['queued'] };

/** Makes an order look as old as a webhook that never came. */
async function age(db: Db, orderId: string, interval: string) {
	await db
		.update(orders)
		.set({ createdAt: sql`now() - ${interval}::interval` })
		.where(eq(orders.id, orderId));
}

describeEachDriver('order reconciliation', (database) => {
	it('fulfils a pending order whose PaymentIntent succeeded without a webhook', async () => {
		const { db } = database();
		const { orderId, intent } = await orderWithIntent(db, { pay: true });
		expect(intent.status).toBe('succeeded');

		expect(await reconcileOrder(db, stripe, orderId)).toEqual({
			outcome: 'fulfilled',
			orderId,
			grants: 1
		});
		expect(await fulfilment(db, orderId)).toEqual(fulfilledOnce);
	});

	it('fulfils exactly once when reconciled twice or alongside the webhook', async () => {
		const { db } = database();
		const { orderId, intent } = await orderWithIntent(db, { pay: true });
		const onFulfilled = vi.fn();
		const succeeded = marketplaceWebhookHandlers({ db, onFulfilled })['payment_intent.succeeded'];
		if (!succeeded) throw new Error('The payment_intent.succeeded handler is missing.');
		// Only the fields the handler reads, as in webhooks.spec.ts.
		const webhook = {
			id: 'evt_1',
			type: 'payment_intent.succeeded',
			data: { object: intent }
		} as unknown as WebhookEvent<'payment_intent.succeeded'>;

		const outcomes = await Promise.all([
			reconcileOrder(db, stripe, orderId),
			succeeded(webhook),
			reconcileOrder(db, stripe, orderId)
		]);
		const reconciled = [outcomes[0], outcomes[2]].filter((o) => o?.outcome === 'fulfilled');
		// One of the three fulfilled: either a reconcile, or the webhook (which reports it).
		expect(reconciled.length + onFulfilled.mock.calls.length).toBe(1);
		expect(await reconcileOrder(db, stripe, orderId)).toEqual({ outcome: 'not-pending' });
		expect(await fulfilment(db, orderId)).toEqual(fulfilledOnce);
	});

	it('leaves an order pending while its PaymentIntent has not succeeded', async () => {
		const { db } = database();
		const { orderId } = await orderWithIntent(db, { pay: false });
		expect(await reconcileOrder(db, stripe, orderId)).toEqual({
			outcome: 'not-succeeded',
			orderId,
			status: 'requires_payment_method'
		});
		expect(await fulfilment(db, orderId)).toMatchObject({
			status: 'pending',
			payments: 0,
			licenses: 0,
			receipts: ['held']
		});
	});

	it('periodically fulfils paid orders older than a minute and younger than two days', async () => {
		const { db } = database();
		const stuck = await orderWithIntent(db, { pay: true });
		const young = await orderWithIntent(db, { pay: true });
		const abandoned = await orderWithIntent(db, { pay: true });
		const unpaid = await orderWithIntent(db, { pay: false });
		await age(db, stuck.orderId, '5 minutes');
		await age(db, abandoned.orderId, '3 days');
		await age(db, unpaid.orderId, '5 minutes');

		const outcomes = await reconcilePendingOrders(db, stripe);
		expect(outcomes).toContainEqual({ outcome: 'fulfilled', orderId: stuck.orderId, grants: 1 });
		expect(await fulfilment(db, stuck.orderId)).toEqual(fulfilledOnce);
		for (const order of [young, abandoned, unpaid]) {
			expect((await fulfilment(db, order.orderId)).status).toBe('pending');
		}
	});

	it('goes on with the batch when Stripe fails for one order', async () => {
		const { db } = database();
		const lost = await pendingOrder(db, [professional]); // an intent Stripe does not know
		const stuck = await orderWithIntent(db, { pay: true });
		await age(db, lost.orderId, '3 minutes');
		await age(db, stuck.orderId, '2 minutes');
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

		const outcomes = await reconcilePendingOrders(db, stripe);
		expect(logged).toHaveBeenCalledWith(
			`Reconciling order ${lost.orderId} failed:`,
			expect.any(Stripe.errors.StripeInvalidRequestError)
		);
		logged.mockRestore();
		expect(outcomes).toContainEqual({ outcome: 'fulfilled', orderId: stuck.orderId, grants: 1 });
	});

	it('asks Stripe from the order page only after the webhook had time, then at most every 10 s', async () => {
		const { db } = database();
		const { orderId } = await orderWithIntent(db, { pay: true });
		const createdAt = new Date();
		const order = { id: orderId, createdAt };
		const at = (ms: number) => createdAt.getTime() + ms;
		const asked = vi.spyOn(stripe.paymentIntents, 'retrieve');

		expect(await reconcileOnView(db, stripe, order, at(1_000))).toBeUndefined();
		expect(asked).not.toHaveBeenCalled();
		expect(await reconcileOnView(db, stripe, order, at(VIEW_CHECK_MS))).toMatchObject({
			outcome: 'fulfilled'
		});
		expect(await reconcileOnView(db, stripe, order, at(VIEW_CHECK_MS + 1_000))).toBeUndefined();
		expect(asked).toHaveBeenCalledOnce();
		asked.mockRestore();
		expect(await fulfilment(db, orderId)).toEqual(fulfilledOnce);
	});

	it('shows pending instead of failing when Stripe cannot be reached from the order page', async () => {
		const { db } = database();
		const lost = await pendingOrder(db, [professional]); // an intent Stripe does not know
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const order = { id: lost.orderId, createdAt: new Date(Date.now() - 60_000) };
		expect(await reconcileOnView(db, stripe, order)).toBeUndefined();
		expect(logged).toHaveBeenCalledOnce();
		logged.mockRestore();
		expect((await fulfilment(db, lost.orderId)).status).toBe('pending');
	});
});
