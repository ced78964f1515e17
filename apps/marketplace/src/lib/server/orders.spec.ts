import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
	emailOutbox,
	downloadGrants,
	licenseKeys,
	orderItems,
	orders,
	payments
} from './db/schema.js';
import { consumeDownload } from './downloads.js';
import { validateLicenseKey } from './licenses.js';
import {
	createPendingOrder,
	findOrderByAccessToken,
	fulfillOrder,
	markPaymentFailed,
	refundOrder
} from './orders.js';
import { openText } from './outbox-cipher.js';
import { describeEachDriver } from './testing/databases.js';
import { apiPlan, pendingOrder, professional, testOutboxKey } from './testing/orders.js';
import { deriveDownloadToken, deriveLicenseKey } from './tokens.js';

describeEachDriver('orders and fulfillment', (database) => {
	it('fulfils exactly once when the same payment arrives 20 times at once', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);

		const results = await Promise.all(
			Array.from({ length: 20 }, () =>
				fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' })
			)
		);

		expect(results.filter((result) => result.outcome === 'fulfilled')).toEqual([
			{ outcome: 'fulfilled', orderId, grants: 2 }
		]);
		expect(results.filter((result) => result.outcome === 'already-fulfilled')).toHaveLength(19);
		const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
		expect(order?.status).toBe('paid');
		expect(await db.select().from(payments).where(eq(payments.orderId, orderId))).toHaveLength(1);
		expect(
			await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId))
		).toHaveLength(1);
		// One grant per bundle line (Professional, Starter × 2); the API plan earns none.
		const grants = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.orderId, orderId));
		expect(grants.map((grant) => grant.bundleSku).sort()).toEqual([
			'bundle-professional',
			'bundle-starter'
		]);
		expect(grants.every((grant) => grant.maxDownloads === 5 && grant.downloads === 0)).toBe(true);
		const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(mail.map((row) => [row.kind, row.status])).toEqual([['receipt', 'queued']]);
	});

	it('makes download links expire seven days after payment', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db, [professional]);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		const [grant] = await db
			.select()
			.from(downloadGrants)
			.where(eq(downloadGrants.orderId, orderId));
		const days = ((grant?.expiresAt.getTime() ?? 0) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(6.99);
		expect(days).toBeLessThanOrEqual(7);
	});

	it('refuses a payment whose amount or currency differs from the order, and changes nothing', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);

		expect(
			await fulfillOrder(db, { paymentIntentId, amountReceived: amount - 1, currency: 'usd' })
		).toEqual({
			outcome: 'amount-mismatch',
			orderId,
			expected: { amount, currency: 'usd' }
		});
		expect(
			await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'eur' })
		).toMatchObject({
			outcome: 'amount-mismatch'
		});
		const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
		expect(order?.status).toBe('pending');
		expect(
			await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId))
		).toEqual([]);
		expect(await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId))).toEqual([]);
	});

	it('answers unknown-order for a PaymentIntent it never created', async () => {
		const { db } = database();
		expect(
			await fulfillOrder(db, {
				paymentIntentId: 'pi_unknown',
				amountReceived: 100,
				currency: 'usd'
			})
		).toEqual({
			outcome: 'unknown-order'
		});
	});

	it('fulfils an order whose first payment attempt failed', async () => {
		const { db } = database();
		const { paymentIntentId, amount } = await pendingOrder(db);
		expect(await markPaymentFailed(db, { paymentIntentId })).toBe(true);
		expect(
			await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' })
		).toMatchObject({
			outcome: 'fulfilled'
		});
	});

	it('refuses an amount that is not the sum of the lines', async () => {
		const { db } = database();
		await expect(
			createPendingOrder(
				db,
				{
					email: 'buyer@example.com',
					lines: [professional],
					currency: 'usd',
					amount: 1,
					displayTotal: '$0.01',
					origin: 'https://shop.example'
				},
				{ outboxKey: testOutboxKey }
			)
		).rejects.toThrow(/sum of the lines/);
	});

	it('stores tokens and license keys only as hashes', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		const secrets = [
			accessToken,
			deriveLicenseKey(accessToken),
			deriveDownloadToken(accessToken, 0)
		];

		const stored = JSON.stringify([
			await db.select().from(orders).where(eq(orders.id, orderId)),
			await db.select().from(orderItems).where(eq(orderItems.orderId, orderId)),
			await db.select().from(downloadGrants).where(eq(downloadGrants.orderId, orderId)),
			await db.select().from(licenseKeys).where(eq(licenseKeys.orderId, orderId))
		]);
		for (const secret of secrets) expect(stored).not.toContain(secret);
		expect(stored).toContain(deriveLicenseKey(accessToken).slice(0, 9)); // the prefix, by design
	});

	it('puts the order link, the download links and the license key in one receipt', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		await Promise.all(
			[1, 2].map(() =>
				fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' })
			)
		);

		const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(mail).toHaveLength(1);
		const [receipt] = mail;
		// Sealed in the table (outbox-cipher.spec.ts); what the transport gets once opened.
		const bodies = [receipt?.html, receipt?.text].map((body) =>
			openText(body ?? '', testOutboxKey, orderId)
		);
		for (const body of bodies) {
			expect(body).toContain(deriveLicenseKey(accessToken));
			expect(body).toContain(`https://shop.example/orders/${accessToken}`);
			expect(body).toContain(
				`https://shop.example/downloads/${deriveDownloadToken(accessToken, 0)}`
			);
			expect(body).toContain(
				`https://shop.example/downloads/${deriveDownloadToken(accessToken, 1)}`
			);
		}
		expect(receipt?.to).toBe('buyer@example.com');
	});

	it('turns 4 × Professional into one key for 4 projects, on the order and in the receipt', async () => {
		const { db } = database();
		const lines = [{ ...professional, quantity: 4 }, apiPlan];
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db, lines);
		expect(amount).toBe(4 * 49_900 + 9_900);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });

		const view = await findOrderByAccessToken(db, accessToken);
		expect(view?.projects).toBe(4);
		expect(view?.items.map(({ quantity, perProject }) => ({ quantity, perProject }))).toEqual([
			{ quantity: 4, perProject: true },
			{ quantity: 1, perProject: false }
		]);
		// One download of the bundle, whatever the number of projects.
		expect(view?.downloads).toHaveLength(1);

		const [receipt] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		const text = openText(receipt?.text ?? '', testOutboxKey, orderId);
		expect(text).toContain(`- ${professional.name}: 4 projects`);
		expect(text).toContain('- API Pro × 1');
		expect(text).toContain('It covers 4 projects.');
		expect(openText(receipt?.html ?? '', testOutboxKey, orderId)).toContain(
			`${professional.name}: 4 projects`
		);
	});

	it('shows the order, its license key and downloads only to the holder of the access token', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);

		const pending = await findOrderByAccessToken(db, accessToken);
		expect(pending).toMatchObject({ id: orderId, status: 'pending', downloads: [] });
		expect(pending?.licenseKey).toBeUndefined();

		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		const paid = await findOrderByAccessToken(db, accessToken);
		expect(paid?.status).toBe('paid');
		expect(paid?.licenseKey).toBe(deriveLicenseKey(accessToken));
		expect(paid?.items.map((item) => item.sku)).toEqual([
			'bundle-professional',
			'bundle-starter',
			apiPlan.sku
		]);
		expect(paid?.downloads.map(({ sku, remaining, state }) => ({ sku, remaining, state }))).toEqual(
			[
				{ sku: 'bundle-professional', remaining: 5, state: 'active' },
				{ sku: 'bundle-starter', remaining: 5, state: 'active' }
			]
		);
		expect(await validateLicenseKey(db, paid?.licenseKey ?? '')).toMatchObject({ status: 'valid' });

		expect(await findOrderByAccessToken(db, orderId)).toBeUndefined();
		expect(await findOrderByAccessToken(db, 'A'.repeat(43))).toBeUndefined();
	});

	it('revokes downloads and the license key on refund, once', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		const downloadToken = deriveDownloadToken(accessToken, 0);
		expect(await consumeDownload(db, downloadToken)).toMatchObject({ ok: true });

		expect(await refundOrder(db, { paymentIntentId })).toEqual({ outcome: 'refunded', orderId });
		expect(await refundOrder(db, { paymentIntentId })).toEqual({
			outcome: 'already-refunded',
			orderId
		});

		expect(await consumeDownload(db, downloadToken)).toEqual({ ok: false, reason: 'revoked' });
		expect(await validateLicenseKey(db, deriveLicenseKey(accessToken))).toMatchObject({
			status: 'revoked'
		});
		const view = await findOrderByAccessToken(db, accessToken);
		expect(view?.status).toBe('refunded');
		expect(view?.licenseKey).toBeUndefined();
		expect(view?.downloads.every((download) => download.state === 'revoked')).toBe(true);
		// A late retry of payment_intent.succeeded must not bring the access back.
		expect(
			await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' })
		).toEqual({
			outcome: 'refunded',
			orderId
		});
		expect(await refundOrder(db, { paymentIntentId: 'pi_unknown' })).toEqual({
			outcome: 'unknown-order'
		});
	});
});
