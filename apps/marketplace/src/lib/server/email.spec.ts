import { eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { emailOutbox } from './db/schema.js';
import {
	listMailbox,
	purgeAbandonedReceipts,
	REDACTED,
	sendPending,
	type MailMessage,
	type MailTransport
} from './email.js';
import { fulfillOrder } from './orders.js';
import { describeEachDriver } from './testing/databases.js';
import { pendingOrder, testOutboxKey as outboxKey } from './testing/orders.js';

function fakeTransport(fail = false): MailTransport & { sent: MailMessage[] } {
	const sent: MailMessage[] = [];
	return {
		sent,
		async sendMail(message) {
			if (fail) throw new Error('SMTP 421 try again later');
			sent.push(message);
		}
	};
}

describeEachDriver('email outbox', (database) => {
	it('keeps the receipt of an unpaid order out of the mailbox and the transport', async () => {
		const { db } = database();
		const { orderId } = await pendingOrder(db);
		const transport = fakeTransport();
		await sendPending(db, { transport, outboxKey });
		expect(transport.sent.filter((message) => message.subject.includes(orderId))).toEqual([]);
		expect(
			(await listMailbox(db, { outboxKey })).filter((mail) => mail.subject.includes(orderId))
		).toEqual([]);
	});

	it('purges the held receipts of orders left unpaid, and only those', async () => {
		const { db } = database();
		const abandoned = await pendingOrder(db);
		const fresh = await pendingOrder(db);
		const paid = await pendingOrder(db);
		await fulfillOrder(db, {
			paymentIntentId: paid.paymentIntentId,
			amountReceived: paid.amount,
			currency: 'usd'
		});
		// Age all three receipts; only the unpaid, old one may go.
		await db
			.update(emailOutbox)
			.set({ createdAt: new Date(Date.now() - 3 * 24 * 3600 * 1000) })
			.where(inArray(emailOutbox.orderId, [abandoned.orderId, paid.orderId]));

		expect(await purgeAbandonedReceipts(db, { days: 2 })).toBe(1);
		const left = await db
			.select({ orderId: emailOutbox.orderId })
			.from(emailOutbox)
			.where(inArray(emailOutbox.orderId, [abandoned.orderId, fresh.orderId, paid.orderId]));
		expect(left.map((row) => row.orderId).sort()).toEqual([fresh.orderId, paid.orderId].sort());
	});

	it('sends one receipt per order, even when two senders run at once', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		expect(
			(await listMailbox(db, { outboxKey })).filter((mail) => mail.subject.includes(orderId))
		).toHaveLength(1);

		const transport = fakeTransport();
		await Promise.all([
			sendPending(db, { transport, outboxKey }),
			sendPending(db, { transport, outboxKey })
		]);

		const receipts = transport.sent.filter((message) => message.subject.includes(orderId));
		expect(receipts).toHaveLength(1);
		expect(receipts[0]).toMatchObject({
			to: 'buyer@example.com',
			from: 'NOBS Pay <orders@nobs-pay.dev>'
		});
		const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(row).toMatchObject({ status: 'sent', attempts: 1, html: REDACTED, text: REDACTED });
		expect(receipts[0]?.text).toContain('License key: NOBS-');
		await sendPending(db, { transport, outboxKey });
		expect(transport.sent.filter((message) => message.subject.includes(orderId))).toHaveLength(1);
	});

	it('puts a message back in the queue with the error when sending fails', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });

		const failed = await sendPending(db, { transport: fakeTransport(true), outboxKey });
		expect(failed.failed).toBeGreaterThanOrEqual(1);
		const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(row).toMatchObject({ status: 'queued', lastError: 'Error: SMTP 421 try again later' });

		const transport = fakeTransport();
		await sendPending(db, { transport, outboxKey });
		expect(transport.sent.filter((message) => message.subject.includes(orderId))).toHaveLength(1);
	});

	it('keeps the bodies of sent mail when asked, for a development mailbox', async () => {
		const { db } = database();
		const { orderId, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		await sendPending(db, { transport: fakeTransport(), outboxKey, redactAfterSend: false });
		const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(row?.status).toBe('sent');
		const [kept] = (await listMailbox(db, { outboxKey })).filter((mail) =>
			mail.subject.includes(orderId)
		);
		expect(kept?.text).toContain('License key: NOBS-');
	});
});
