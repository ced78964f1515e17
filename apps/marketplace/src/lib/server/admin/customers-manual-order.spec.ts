import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { adminAuditLog, downloadGrants, emailOutbox, licenseKeys, orders } from '../db/schema.js';
import { listMailbox } from '../email.js';
import { describeEachDriver } from '../testing/databases.js';
import { testOutboxKey as outboxKey } from '../testing/orders.js';
import { recordManualOrder } from './customers-manual-order.js';
import { resendReceipt } from './customers-receipt.js';

const actor = 'founder@shop.dev';
const origin = 'https://shop.example';

describeEachDriver('manual orders and receipt resend', (database) => {
	it('records and fulfils a manual order once per form key, even sent three times at once', async () => {
		const { db } = database();
		const input = {
			email: 'invoice@example.com',
			sku: 'bundle-professional',
			projects: '2',
			amount: '900.00',
			note: 'Bank transfer, invoice 2026-17',
			key: randomUUID()
		};
		const results = await Promise.all(
			Array.from({ length: 3 }, () => recordManualOrder(db, { actor, input, outboxKey, origin }))
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const made = await db.select().from(orders).where(eq(orders.externalId, input.key));
		expect(made).toHaveLength(1);
		const [order] = made;
		expect(order).toMatchObject({ source: 'manual', status: 'paid', amount: 90_000 });
		const orderId = order?.id ?? '';
		expect(
			await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId))
		).toHaveLength(1);
		expect(
			await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId))
		).toHaveLength(1);
		const [receipt] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(receipt?.status).toBe('queued');
		const audit = await db.select().from(adminAuditLog).where(eq(adminAuditLog.target, orderId));
		expect(audit.map((line) => line.action)).toEqual(['order.manual']);
	});

	it('refuses an amount that does not split across the projects, and an unknown bundle', async () => {
		const { db } = database();
		const base = { email: 'a@example.com', note: 'cash', key: randomUUID() };
		expect(
			await recordManualOrder(db, {
				actor,
				input: { ...base, sku: 'bundle-starter', projects: '3', amount: '100.00' },
				outboxKey,
				origin
			})
		).toMatchObject({ ok: false });
		expect(
			await recordManualOrder(db, {
				actor,
				input: { ...base, sku: 'api-pro-monthly', projects: '1', amount: '1' },
				outboxKey,
				origin
			})
		).toMatchObject({ ok: false });
	});

	it('resends a receipt once per form key with fresh download links and no whole license key', async () => {
		const { db } = database();
		const made = await recordManualOrder(db, {
			actor,
			input: {
				email: 'again@example.com',
				sku: 'bundle-starter',
				projects: '1',
				amount: '199',
				note: 'Paid by cheque',
				key: randomUUID()
			},
			outboxKey,
			origin
		});
		if (!made.ok) throw new Error(made.error);
		const input = { orderId: made.orderId, key: randomUUID() };
		const [first, second] = await Promise.all([
			resendReceipt(db, { actor, input, outboxKey, origin }),
			resendReceipt(db, { actor, input, outboxKey, origin })
		]);
		expect([first, second]).toContainEqual({ ok: true, links: 1, queued: true });
		expect([first, second]).toContainEqual({ ok: true, links: 0, queued: false });
		const grants = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.orderId, made.orderId));
		expect(grants).toHaveLength(2);
		const mail = (await listMailbox(db, { outboxKey })).filter((m) => m.to === 'again@example.com');
		const resent = mail.find((m) => m.subject.includes('sent again'));
		expect(resent?.text).toMatch(/\/downloads\/[\w-]{43}/);
		expect(resent?.text).not.toMatch(/NOBS(-[A-Z2-7]{4}){8}/);
		expect(resent?.text).toMatch(/NOBS-[A-Z2-7]{4}…[A-Z2-7]{4}/);
	});
});
