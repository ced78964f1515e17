import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { adminAuditLog, orders, refunds } from '../db/schema.js';
import { validateLicenseKey } from '../licenses.js';
import { createPendingOrder, fulfillOrder, fulfillOrderById } from '../orders.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder, professional, testOutboxKey } from '../testing/orders.js';
import { deriveLicenseKey } from '../tokens.js';
import { marketplaceWebhookHandlers } from '../webhooks.js';
import { requestRefund } from './refunds-request.js';

let sandbox: Sandbox;
let stripe: Stripe;
beforeAll(async () => {
	sandbox = await startSandbox();
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

const actor = 'founder@shop.dev';

/** A Professional bundle ($499.00) paid in the sandbox. */
async function paidStripeOrder(db: Db) {
	const intent = await stripe.paymentIntents.create({
		amount: professional.unitAmount,
		currency: 'usd',
		payment_method: 'pm_card_visa',
		confirm: true
	});
	const order = await pendingOrder(db, [professional], { paymentIntentId: intent.id });
	await fulfillOrder(db, {
		paymentIntentId: intent.id,
		amountReceived: order.amount,
		currency: 'usd'
	});
	return order;
}

const refund = (orderId: string, amount: string, key = randomUUID()) => ({
	orderId,
	amount,
	reason: 'Asked by email',
	key
});

describeEachDriver('refunds from the admin', (database) => {
	it('refunds once per form key at Stripe, partial keeps access, the rest revokes it', async () => {
		const { db } = database();
		const order = await paidStripeOrder(db);
		const form = refund(order.orderId, '100.00');
		const [first, second] = await Promise.all([
			requestRefund(db, stripe, { actor, input: form }),
			requestRefund(db, stripe, { actor, input: form })
		]);
		expect(first).toMatchObject({ ok: true, amount: 10_000, full: false });
		expect(second).toMatchObject({ ok: true, amount: 10_000 });
		// Submitted again after the fact: the same answer, nothing new.
		expect(await requestRefund(db, stripe, { actor, input: form })).toMatchObject({ ok: true });
		const atStripe = await stripe.refunds.list({ payment_intent: order.paymentIntentId });
		expect(atStripe.data.map((r) => r.amount)).toEqual([10_000]);
		expect((await validateLicenseKey(db, deriveLicenseKey(order.accessToken))).status).toBe(
			'valid'
		);

		expect(
			await requestRefund(db, stripe, { actor, input: refund(order.orderId, '400.00') })
		).toMatchObject({
			ok: false
		});
		expect(
			await requestRefund(db, stripe, { actor, input: refund(order.orderId, '399.00') })
		).toMatchObject({
			ok: true,
			full: true
		});
		expect((await validateLicenseKey(db, deriveLicenseKey(order.accessToken))).status).toBe(
			'revoked'
		);
		const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.orderId));
		expect(rows.map((r) => r.amount).sort((a, b) => a - b)).toEqual([10_000, 39_900]);
		expect(rows.every((r) => r.id.startsWith('re_') && r.reason === 'Asked by email')).toBe(true);
		const audit = await db
			.select()
			.from(adminAuditLog)
			.where(eq(adminAuditLog.target, order.orderId));
		expect(audit.map((line) => [line.action, line.details.amount])).toEqual([
			['order.refund', 10_000],
			['order.refund', 39_900]
		]);
	});

	it('charge.refunded asks Stripe for the refunds, since a real charge does not carry them', async () => {
		const { db } = database();
		const order = await paidStripeOrder(db);
		const made = await stripe.refunds.create({
			payment_intent: order.paymentIntentId,
			amount: 1_500
		});
		const charge = await stripe.charges.retrieve(String(made.charge));
		const on = marketplaceWebhookHandlers({ db, stripe, onIgnored: () => {} });
		const delivered = {
			id: 'evt_charge_refunded',
			type: 'charge.refunded',
			data: { object: { ...charge, refunds: undefined } }
		} as unknown as Parameters<NonNullable<(typeof on)['charge.refunded']>>[0];
		await on['charge.refunded']?.(delivered);
		await on['charge.refunded']?.(delivered);
		const rows = await db.select().from(refunds).where(eq(refunds.orderId, order.orderId));
		expect(rows.map((r) => [r.id, r.amount])).toEqual([[made.id, 1_500]]);
		const [after] = await db.select().from(orders).where(eq(orders.id, order.orderId));
		expect(after?.status).toBe('paid');
	});

	it('records the refund of an order paid elsewhere without Stripe', async () => {
		const { db } = database();
		const { orderId } = await createPendingOrder(
			db,
			{
				email: 'wire@example.com',
				lines: [professional],
				currency: 'usd',
				amount: professional.unitAmount,
				displayTotal: '$499.00',
				origin: 'https://shop.example',
				source: 'manual',
				externalId: randomUUID()
			},
			{ outboxKey: testOutboxKey }
		);
		await fulfillOrderById(db, { orderId });
		const result = await requestRefund(db, stripe, { actor, input: refund(orderId, '499') });
		expect(result).toMatchObject({ ok: true, full: true });
		const [row] = await db.select().from(refunds).where(eq(refunds.orderId, orderId));
		expect(row?.id).toMatch(/^manual_re_/);
		const [after] = await db.select().from(orders).where(eq(orders.id, orderId));
		expect(after?.status).toBe('refunded');
	});

	it('refuses malformed input and an unknown order', async () => {
		const { db } = database();
		expect(await requestRefund(db, stripe, { actor, input: { orderId: 'ord_x' } })).toMatchObject({
			ok: false
		});
		expect(await requestRefund(db, stripe, { actor, input: refund('ord_nobody', '1') })).toEqual({
			ok: false,
			error: 'This order does not exist.'
		});
	});
});
