import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import {
	downloadGrants,
	emailOutbox,
	licenseKeys,
	orders,
	refunds,
	sourceEvents
} from '../db/schema.js';
import { describeEachDriver } from '../testing/databases.js';
import { testOutboxKey } from '../testing/orders.js';
import {
	LEMONSQUEEZY_PRODUCT,
	LEMONSQUEEZY_STORE,
	LEMONSQUEEZY_VARIANT,
	lemonSqueezyOrderBody,
	lemonSqueezySignature,
	type LemonSqueezyOrderFields
} from './fixtures.js';
import { handleLemonSqueezyWebhook, type LemonSqueezySettings } from './lemonsqueezy.js';
import { parseProductMap } from './product-map.js';

const SECRET = 'ls_signing_secret_1';
const settings: LemonSqueezySettings = {
	signingSecret: SECRET,
	storeId: String(LEMONSQUEEZY_STORE),
	variants: parseProductMap(`${LEMONSQUEEZY_VARIANT}=bundle-professional`),
	products: parseProductMap(`${LEMONSQUEEZY_PRODUCT + 1}=bundle-starter`)
};
let nextOrderId = Math.floor(Date.now() / 1000);
const newOrderId = () => nextOrderId++;

function deliver(
	db: Db,
	fields: LemonSqueezyOrderFields,
	{
		body = lemonSqueezyOrderBody(fields),
		signature = lemonSqueezySignature(body, SECRET) as string | null
	} = {}
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (signature !== null) headers['x-signature'] = signature;
	const request = new Request('https://shop.example/api/lemonsqueezy/webhook', {
		method: 'POST',
		headers,
		body
	});
	return handleLemonSqueezyWebhook(request, {
		settings,
		context: {
			db,
			outboxKey: testOutboxKey,
			origin: 'https://shop.example',
			adminEmails: new Set(['founder@example.com']),
			warn: () => {}
		}
	});
}

const outcomeOf = async (response: Response) =>
	((await response.json()) as { outcome: string }).outcome;

const orderOf = (db: Db, orderId: number) =>
	db
		.select()
		.from(orders)
		.where(and(eq(orders.source, 'lemonsqueezy'), eq(orders.externalId, String(orderId))));

describeEachDriver('Lemon Squeezy webhook', (database) => {
	it('turns a signed order_created into one fulfilled order, and a replay changes nothing', async () => {
		const { db } = database();
		const orderId = newOrderId();
		const first = await deliver(db, { orderId, tax: 9_980 });
		expect(first.status).toBe(200);
		expect(await outcomeOf(first)).toBe('fulfilled');
		expect(await outcomeOf(await deliver(db, { orderId, tax: 9_980 }))).toBe('replay');

		const [order, ...others] = await orderOf(db, orderId);
		expect(others).toHaveLength(0);
		// The amount is the catalog's (before tax), the source says where it was sold.
		expect(order).toMatchObject({ status: 'paid', amount: 49_900, source: 'lemonsqueezy' });
		const id = order?.id ?? '';
		expect(await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, id))).toHaveLength(1);
		const grants = await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, id));
		expect(grants.map((grant) => grant.bundleSku)).toEqual(['bundle-professional']);
		const [receipt] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, id));
		expect(receipt).toMatchObject({ status: 'queued', to: 'lemon-buyer@example.com' });
	});

	it('fulfils once under 12 concurrent deliveries', async () => {
		const { db } = database();
		const orderId = newOrderId();
		const outcomes = await Promise.all(
			Array.from({ length: 12 }, async () => outcomeOf(await deliver(db, { orderId })))
		);
		expect(outcomes.filter((outcome) => outcome === 'fulfilled')).toHaveLength(1);
		expect(await orderOf(db, orderId)).toHaveLength(1);
	});

	it('refuses a tampered body, a missing or malformed signature and another secret with 401', async () => {
		const { db } = database();
		const orderId = newOrderId();
		const body = lemonSqueezyOrderBody({ orderId });
		const signature = lemonSqueezySignature(body, SECRET);
		const tampered = body.replace('"subtotal":49900', '"subtotal":100');
		expect(tampered).not.toBe(body);
		for (const attempt of [
			{ body: tampered, signature },
			{ body, signature: null },
			{ body, signature: 'not-hex' },
			{ body, signature: lemonSqueezySignature(body, 'another-secret') }
		]) {
			const response = await deliver(db, { orderId }, attempt);
			expect(response.status).toBe(401);
		}
		expect(await orderOf(db, orderId)).toHaveLength(0);
		const events = await db
			.select()
			.from(sourceEvents)
			.where(eq(sourceEvents.externalId, String(orderId)));
		expect(events).toHaveLength(0);
	});

	it('records an unknown variant with 200 and no order; maps a product id without a variant', async () => {
		const { db } = database();
		const unknown = newOrderId();
		const response = await deliver(db, { orderId: unknown, variantId: 1, productId: 2 });
		expect(response.status).toBe(200);
		expect(await outcomeOf(response)).toBe('unknown-product');
		expect(await orderOf(db, unknown)).toHaveLength(0);

		const byProduct = newOrderId();
		const fields = {
			orderId: byProduct,
			variantId: 3,
			productId: LEMONSQUEEZY_PRODUCT + 1,
			subtotal: 19_900
		};
		expect(await outcomeOf(await deliver(db, fields))).toBe('fulfilled');
		const [order] = await orderOf(db, byProduct);
		expect(order?.amount).toBe(19_900);
	});

	it('holds an order paid below the catalog price (a discount) and tells the admins', async () => {
		const { db } = database();
		const orderId = newOrderId();
		const response = await deliver(db, { orderId, discount: 10_000 });
		expect(await outcomeOf(response)).toBe('amount-mismatch');
		expect(await orderOf(db, orderId)).toHaveLength(0);
		const notices = await db
			.select()
			.from(emailOutbox)
			.where(
				eq(emailOutbox.cause, `source:lemonsqueezy:${orderId}:amount-mismatch:founder@example.com`)
			);
		expect(notices).toHaveLength(1);
	});

	it('records orders of another store, unpaid orders and other events without fulfilling them', async () => {
		const { db } = database();
		const other = newOrderId();
		expect(await outcomeOf(await deliver(db, { orderId: other, storeId: 1 }))).toBe('other-store');
		const pending = newOrderId();
		expect(await outcomeOf(await deliver(db, { orderId: pending, status: 'pending' }))).toBe(
			'not-paid'
		);
		const subscription = newOrderId();
		const ignored = await deliver(db, { orderId: subscription, event: 'subscription_created' });
		expect(ignored.status).toBe(200);
		expect(await outcomeOf(ignored)).toBe('ignored');
		for (const orderId of [other, pending, subscription]) {
			expect(await orderOf(db, orderId)).toHaveLength(0);
		}
	});

	it('records a partial refund without revoking, then revokes on the full refund, once', async () => {
		const { db } = database();
		const orderId = newOrderId();
		await deliver(db, { orderId });
		const refunded = (status: 'partial_refund' | 'refunded', refundedAmount: number) =>
			deliver(db, { orderId, event: 'order_refunded', status, refundedAmount });

		expect(await outcomeOf(await refunded('partial_refund', 10_000))).toBe('partially-refunded');
		expect(await outcomeOf(await refunded('partial_refund', 10_000))).toBe('replay');
		const [partly] = await orderOf(db, orderId);
		expect(partly?.status).toBe('paid');

		expect(await outcomeOf(await refunded('refunded', 49_900))).toBe('refunded');
		expect(await outcomeOf(await refunded('refunded', 49_900))).toBe('replay');
		const [order] = await orderOf(db, orderId);
		expect(order?.status).toBe('refunded');
		const [license] = await db
			.select()
			.from(licenseKeys)
			.where(eq(licenseKeys.orderId, order?.id ?? ''));
		expect(license?.revokedAt).toBeInstanceOf(Date);
		const rows = await db
			.select()
			.from(refunds)
			.where(eq(refunds.orderId, order?.id ?? ''));
		expect(rows.map((row) => [row.id, row.amount]).sort()).toEqual([
			[`lemonsqueezy:${orderId}:10000`, 10_000],
			[`lemonsqueezy:${orderId}:full`, 39_900]
		]);
	});

	it('answers signed but malformed bodies with 400 and oversized ones with 413', async () => {
		const { db } = database();
		for (const body of [
			'not json',
			JSON.stringify({ meta: { event_name: 'order_created' }, data: {} })
		]) {
			const response = await deliver(
				db,
				{ orderId: 0 },
				{ body, signature: lemonSqueezySignature(body, SECRET) }
			);
			expect(response.status).toBe(400);
		}
		const huge = JSON.stringify({ pad: 'a'.repeat(70_000) });
		const response = await deliver(
			db,
			{ orderId: 0 },
			{ body: huge, signature: lemonSqueezySignature(huge, SECRET) }
		);
		expect(response.status).toBe(413);
	});
});
