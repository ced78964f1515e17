import { randomBytes } from 'node:crypto';
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
import { listMailbox } from '../email.js';
import { validateLicenseKey } from '../licenses.js';
import { describeEachDriver } from '../testing/databases.js';
import { testOutboxKey } from '../testing/orders.js';
import { GUMROAD_PRODUCT_ID, gumroadPingBody, type GumroadPingFields } from './fixtures.js';
import { handleGumroadPing, type GumroadSettings } from './gumroad.js';
import { parseProductMap } from './product-map.js';
import type { SourceContext } from './record-sale.js';

const SECRET = 'gumroad_ping_secret_for_tests_0123';
const settings: GumroadSettings = {
	pingSecret: SECRET,
	sellerId: 'kL0psVL2admJSYRNs-OCMg==',
	products: parseProductMap(`${GUMROAD_PRODUCT_ID}=bundle-starter, nobs-pro=bundle-professional`)
};
const newSaleId = () => `${randomBytes(9).toString('base64url')}==`;

function ping(
	db: Db,
	fields: GumroadPingFields,
	{ secret = SECRET, body = gumroadPingBody(fields) } = {}
) {
	const context: SourceContext = {
		db,
		outboxKey: testOutboxKey,
		origin: 'https://shop.example',
		adminEmails: new Set(['founder@example.com']),
		warn: () => {}
	};
	const request = new Request(`https://shop.example/api/gumroad/ping/${secret}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body
	});
	return handleGumroadPing(request, secret, { settings, context });
}

const outcomeOf = async (response: Response) =>
	((await response.json()) as { outcome: string }).outcome;

async function orderOfSale(db: Db, saleId: string) {
	return db
		.select()
		.from(orders)
		.where(and(eq(orders.source, 'gumroad'), eq(orders.externalId, saleId)));
}

describeEachDriver('Gumroad Ping', (database) => {
	it('turns a sale into one fulfilled order: license key, download grant and receipt', async () => {
		const { db } = database();
		const saleId = newSaleId();
		const response = await ping(db, { saleId, email: 'ada@example.com' });
		expect(response.status).toBe(200);
		expect(await outcomeOf(response)).toBe('fulfilled');

		const [order, ...others] = await orderOfSale(db, saleId);
		expect(others).toHaveLength(0);
		expect(order).toMatchObject({
			status: 'paid',
			amount: 19_900,
			currency: 'usd',
			email: 'ada@example.com'
		});
		const orderId = order?.id ?? '';
		expect(
			await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId))
		).toHaveLength(1);
		const grants = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.orderId, orderId));
		expect(grants.map((grant) => grant.bundleSku)).toEqual(['bundle-starter']);
		const [receipt] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(receipt).toMatchObject({ kind: 'receipt', status: 'queued', to: 'ada@example.com' });
		const mail = (await listMailbox(db, { outboxKey: testOutboxKey })).find(
			(entry) => entry.id === receipt?.id
		);
		expect(mail?.text).toMatch(/https:\/\/shop\.example\/downloads\/[A-Za-z0-9_-]{43}/);
		const key = /License key: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
		expect(await validateLicenseKey(db, key)).toMatchObject({ status: 'valid' });
	});

	it('answers a replay with 200 and changes nothing', async () => {
		const { db } = database();
		const saleId = newSaleId();
		await ping(db, { saleId });
		const replay = await ping(db, { saleId });
		expect(replay.status).toBe(200);
		expect(await outcomeOf(replay)).toBe('replay');
		const [order, ...others] = await orderOfSale(db, saleId);
		expect(others).toHaveLength(0);
		expect(
			await db
				.select()
				.from(downloadGrants)
				.where(eq(downloadGrants.orderId, order?.id ?? ''))
		).toHaveLength(1);
		expect(
			await db
				.select()
				.from(emailOutbox)
				.where(eq(emailOutbox.orderId, order?.id ?? ''))
		).toHaveLength(1);
		const events = await db.select().from(sourceEvents).where(eq(sourceEvents.externalId, saleId));
		expect(events.map((event) => event.outcome).sort()).toEqual(['fulfilled', 'replay']);
	});

	it('fulfils once when the same sale arrives 12 times at once', async () => {
		const { db } = database();
		const saleId = newSaleId();
		const outcomes = await Promise.all(
			Array.from({ length: 12 }, async () => outcomeOf(await ping(db, { saleId })))
		);
		expect(outcomes.filter((outcome) => outcome === 'fulfilled')).toHaveLength(1);
		expect(outcomes.filter((outcome) => outcome === 'replay')).toHaveLength(11);
		const [order, ...others] = await orderOfSale(db, saleId);
		expect(others).toHaveLength(0);
		expect(
			await db
				.select()
				.from(licenseKeys)
				.where(eq(licenseKeys.orderId, order?.id ?? ''))
		).toHaveLength(1);
	});

	it('refuses a wrong secret (403) and another seller (403), recording nothing', async () => {
		const { db } = database();
		const saleId = newSaleId();
		expect((await ping(db, { saleId }, { secret: `${SECRET}x` })).status).toBe(403);
		expect((await ping(db, { saleId, sellerId: 'someone-else' })).status).toBe(403);
		expect(await orderOfSale(db, saleId)).toHaveLength(0);
		expect(
			await db.select().from(sourceEvents).where(eq(sourceEvents.externalId, saleId))
		).toHaveLength(0);
	});

	it('answers 404 while Gumroad is not configured', async () => {
		const { db } = database();
		const request = new Request('https://shop.example/api/gumroad/ping/x', {
			method: 'POST',
			body: 'a=1'
		});
		const context = {
			db,
			outboxKey: testOutboxKey,
			origin: 'https://shop.example',
			adminEmails: new Set<string>()
		};
		expect((await handleGumroadPing(request, 'x', { settings: undefined, context })).status).toBe(
			404
		);
	});

	it('records an unknown product with 200, creates no order and tells the admins once', async () => {
		const { db } = database();
		const saleId = newSaleId();
		for (let delivery = 0; delivery < 2; delivery++) {
			const response = await ping(db, { saleId, productId: 'unknown==', permalink: 'mystery' });
			expect(response.status).toBe(200);
			expect(await outcomeOf(response)).toBe('unknown-product');
		}
		expect(await orderOfSale(db, saleId)).toHaveLength(0);
		const notices = await db
			.select()
			.from(emailOutbox)
			.where(eq(emailOutbox.cause, `source:gumroad:${saleId}:unknown-product:founder@example.com`));
		expect(notices).toHaveLength(1);
		const events = await db.select().from(sourceEvents).where(eq(sourceEvents.externalId, saleId));
		expect(events).toHaveLength(2);
		expect(events[0]?.detail).toMatchObject({
			product: 'https://nobs.gumroad.com/l/mystery',
			sku: null
		});
	});

	it('maps by permalink, and holds a sale whose amount differs from the catalog', async () => {
		const { db } = database();
		const pro = newSaleId();
		const matched = await ping(db, {
			saleId: pro,
			productId: 'other==',
			permalink: 'nobs-pro',
			price: 49_900
		});
		expect(await outcomeOf(matched)).toBe('fulfilled');

		const cheap = newSaleId();
		const held = await ping(db, {
			saleId: cheap,
			productId: 'other==',
			permalink: 'nobs-pro',
			price: 19_900
		});
		expect(held.status).toBe(200);
		expect(await outcomeOf(held)).toBe('amount-mismatch');
		expect(await orderOfSale(db, cheap)).toHaveLength(0);
		const [event] = await db.select().from(sourceEvents).where(eq(sourceEvents.externalId, cheap));
		expect(event?.detail).toMatchObject({
			sku: 'bundle-professional',
			paid: { amount: 19_900, currency: 'usd' },
			expected: { amount: 49_900, currency: 'usd' }
		});
		const wrongCurrency = await ping(db, { saleId: newSaleId(), currency: 'eur' });
		expect(await outcomeOf(wrongCurrency)).toBe('amount-mismatch');
	});

	it('sells a quantity as projects at the catalog price, and holds more than the catalog allows', async () => {
		const { db } = database();
		const saleId = newSaleId();
		expect(await outcomeOf(await ping(db, { saleId, quantity: 3, price: 59_700 }))).toBe(
			'fulfilled'
		);
		const [order] = await orderOfSale(db, saleId);
		expect(order?.amount).toBe(59_700);
		const tooMany = await ping(db, { saleId: newSaleId(), quantity: 11, price: 218_900 });
		expect(await outcomeOf(tooMany)).toBe('quantity-out-of-range');
	});

	it('revokes the order on a refund ping and records the refund once', async () => {
		const { db } = database();
		const saleId = newSaleId();
		await ping(db, { saleId });
		const refund = await ping(db, { saleId, refunded: true, resourceName: 'refund' });
		expect(refund.status).toBe(200);
		expect(await outcomeOf(refund)).toBe('refunded');
		expect(await outcomeOf(await ping(db, { saleId, refunded: true }))).toBe('replay');

		const [order] = await orderOfSale(db, saleId);
		const orderId = order?.id ?? '';
		expect(order?.status).toBe('refunded');
		const [grant] = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.orderId, orderId));
		expect(grant?.revokedAt).toBeInstanceOf(Date);
		const [license] = await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId));
		expect(license?.revokedAt).toBeInstanceOf(Date);
		expect(await db.select().from(refunds).where(eq(refunds.orderId, orderId))).toEqual([
			expect.objectContaining({ id: `gumroad:${saleId}:full`, amount: 19_900, currency: 'usd' })
		]);
		// A late redelivery of the sale itself does not fulfil the refunded order again.
		expect(await outcomeOf(await ping(db, { saleId }))).toBe('replay');
		expect((await orderOfSale(db, saleId))[0]?.status).toBe('refunded');
	});

	it('answers a refund of a sale it never saw with 200 and records it', async () => {
		const { db } = database();
		const saleId = newSaleId();
		expect(await outcomeOf(await ping(db, { saleId, refunded: true }))).toBe('unknown-order');
		const [event] = await db.select().from(sourceEvents).where(eq(sourceEvents.externalId, saleId));
		expect(event?.outcome).toBe('unknown-order');
	});

	it('answers malformed pings with 400 and oversized ones with 413, never 5xx', async () => {
		const { db } = database();
		const missingEmail = gumroadPingBody({ saleId: newSaleId() }).replace(/email=[^&]*&/, '');
		expect((await ping(db, { saleId: 'x' }, { body: missingEmail })).status).toBe(400);
		const badPrice = gumroadPingBody({ saleId: newSaleId() }).replace('price=19900', 'price=-1');
		expect((await ping(db, { saleId: 'x' }, { body: badPrice })).status).toBe(400);
		expect((await ping(db, { saleId: 'x' }, { body: '%%%' })).status).toBe(400);
		const huge = `${gumroadPingBody({ saleId: newSaleId() })}&pad=${'a'.repeat(70_000)}`;
		expect((await ping(db, { saleId: 'x' }, { body: huge })).status).toBe(413);
	});
});
