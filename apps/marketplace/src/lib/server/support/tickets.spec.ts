import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { listAudit } from '../admin/audit.js';
import type { Db } from '../db/index.js';
import { supportTicketLinks } from '../db/schema.js';
import { listMailbox } from '../email.js';
import { describeEachDriver } from '../testing/databases.js';
import { pendingOrder, testOutboxKey as outboxKey } from '../testing/orders.js';
import { hashToken } from '../tokens.js';
import { closeTicket, listTickets, reopenTicket, replyAsAdmin } from './admin-tickets.js';
import { referencePattern } from './ticket-form.js';
import {
	findOwnTicket,
	findTicketByLink,
	loadTicket,
	openTicket,
	replyAsCustomer,
	ticketsForEmail
} from './tickets.js';

const adminEmails = new Set(['founder@shop.dev', 'helper@shop.dev']);
const mail = { origin: 'https://shop.example', outboxKey, adminEmails };
const actor = 'founder@shop.dev';
const uniqueEmail = () => `Buyer-${randomBytes(4).toString('hex')}@Example.com`;

/** The messages to `to` whose subject mentions `reference`, oldest first. */
async function mailTo(db: Db, to: string, reference: string) {
	const messages = await listMailbox(db, { outboxKey, limit: 1000 });
	return messages.filter((m) => m.to === to && m.subject.includes(reference)).reverse();
}

/** The link token in a customer's mail. */
const tokenIn = (text: string) => /\/support\/link\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';

describeEachDriver('support tickets', (database) => {
	it('opens a ticket with its first message, mails the customer a link and tells each admin', async () => {
		const { db } = database();
		const email = uniqueEmail();
		const { orderId } = await pendingOrder(db);
		const { reference, linkToken } = await openTicket(
			db,
			{ email, subject: 'Key does not activate', message: 'The key says revoked.', orderId },
			mail
		);
		expect(reference).toMatch(referencePattern);

		const ticket = await loadTicket(db, reference);
		expect(ticket).toMatchObject({
			status: 'open',
			email: email.toLowerCase(),
			orderId,
			subject: 'Key does not activate',
			firstResponseAt: null
		});
		expect(ticket?.messages.map((m) => [m.author, m.body])).toEqual([
			['customer', 'The key says revoked.']
		]);

		const [ack, ...more] = await mailTo(db, email.toLowerCase(), reference);
		expect(more).toHaveLength(0);
		expect(tokenIn(ack?.text ?? '')).toBe(linkToken);
		expect((await findTicketByLink(db, linkToken))?.reference).toBe(reference);
		for (const admin of adminEmails) {
			const [notice] = await mailTo(db, admin, reference);
			expect(notice?.text).toContain('The key says revoked.');
			expect(notice?.text).toContain(`https://shop.example/admin/tickets/${reference}`);
		}
	});

	it('stores only the hash of a link token; the reference alone or another email opens nothing', async () => {
		const { db } = database();
		const email = uniqueEmail();
		const { reference, linkToken } = await openTicket(
			db,
			{ email, subject: 'Invoice', message: 'I need an invoice with my VAT id.' },
			mail
		);
		const links = await db
			.select()
			.from(supportTicketLinks)
			.where(eq(supportTicketLinks.ticketReference, reference));
		expect(links.map((link) => link.tokenHash)).toEqual([hashToken(linkToken)]);

		expect(await findTicketByLink(db, reference)).toBeUndefined();
		expect(await findTicketByLink(db, hashToken(linkToken).slice(0, 43))).toBeUndefined();
		expect(
			await findOwnTicket(db, { reference, email: 'someone-else@example.com' })
		).toBeUndefined();
		expect((await findOwnTicket(db, { reference, email: email.toUpperCase() }))?.reference).toBe(
			reference
		);
	});

	it('goes open → waiting on customer → open → closed → open, audited and mailed', async () => {
		const { db } = database();
		const email = uniqueEmail().toLowerCase();
		const { reference } = await openTicket(
			db,
			{ email, subject: 'Refund', message: 'I bought the wrong bundle.' },
			mail
		);

		expect(
			await replyAsAdmin(db, { reference, actor, body: 'Which one did you want?' }, mail)
		).toBe(true);
		const answered = await loadTicket(db, reference);
		expect(answered?.status).toBe('waiting_on_customer');
		expect(answered?.firstResponseAt).toBeInstanceOf(Date);
		const [, answer] = await mailTo(db, email, reference);
		expect(answer?.text).toContain('Which one did you want?');
		// The answer carries its own link, which opens the same ticket.
		expect((await findTicketByLink(db, tokenIn(answer?.text ?? '')))?.reference).toBe(reference);

		await replyAsCustomer(db, { reference, body: 'The Professional one, please.' }, mail);
		expect((await loadTicket(db, reference))?.status).toBe('open');
		const notices = await mailTo(db, 'founder@shop.dev', reference);
		expect(notices.map((m) => m.subject)).toEqual([
			`[${reference}] New support request: Refund`,
			`[${reference}] Customer reply: Refund`
		]);

		await replyAsAdmin(db, { reference, actor, body: 'Done, swapped it.' }, mail);
		const second = await loadTicket(db, reference);
		// The first response stays the first one.
		expect(second?.firstResponseAt).toEqual(answered?.firstResponseAt);

		expect(await closeTicket(db, { reference, actor })).toBe(true);
		expect(await closeTicket(db, { reference, actor })).toBe(false);
		expect((await loadTicket(db, reference))?.closedAt).toBeInstanceOf(Date);
		expect(await reopenTicket(db, { reference, actor })).toBe(true);
		expect(await reopenTicket(db, { reference, actor })).toBe(false);
		await closeTicket(db, { reference, actor });

		// A customer writing to a closed ticket reopens it.
		await replyAsCustomer(db, { reference, body: 'One more question, sorry.' }, mail);
		const reopened = await loadTicket(db, reference);
		expect(reopened).toMatchObject({ status: 'open', closedAt: null });
		expect(reopened?.messages.map((m) => m.author)).toEqual([
			'customer',
			'admin',
			'customer',
			'admin',
			'customer'
		]);

		const audit = (await listAudit(db, { limit: 1000 })).filter((e) => e.target === reference);
		expect(audit.map((e) => e.action).reverse()).toEqual([
			'ticket.reply',
			'ticket.reply',
			'ticket.close',
			'ticket.reopen',
			'ticket.close'
		]);
		expect(audit.every((e) => e.actor === actor)).toBe(true);
	});

	it('answers false for a reply to an unknown ticket, and writes nothing', async () => {
		const { db } = database();
		const before = (await listAudit(db, { limit: 1 }))[0]?.id ?? 0;
		expect(
			await replyAsAdmin(db, { reference: 'T-ZZZZZZ', actor, body: 'Hello there.' }, mail)
		).toBe(false);
		expect((await listAudit(db, { limit: 1 }))[0]?.id ?? 0).toBe(before);
	});

	it('lists the inbox by status with counts, and a customer’s tickets by email', async () => {
		const { db } = database();
		const email = uniqueEmail();
		const open = async (subject: string) =>
			(await openTicket(db, { email, subject, message: 'Some words about it.' }, mail)).reference;
		const first = await open('First');
		const second = await open('Second');
		const third = await open('Third');
		await replyAsAdmin(db, { reference: second, actor, body: 'On it, one moment.' }, mail);
		await closeTicket(db, { reference: third, actor });

		const before = await listTickets(db, { status: 'open' });
		const openRefs = before.tickets.map((t) => t.reference);
		expect(openRefs).toContain(first);
		expect(openRefs).not.toContain(second);
		expect(
			(await listTickets(db, { status: 'waiting_on_customer' })).tickets.map((t) => t.reference)
		).toContain(second);
		expect((await listTickets(db, { status: 'closed' })).tickets[0]?.reference).toBe(third);
		// A page at a time, in the same order: the longest-waiting open ticket first.
		const pageOne = await listTickets(db, { status: 'open', limit: 1 });
		const pageTwo = await listTickets(db, { status: 'open', limit: 1, offset: 1 });
		expect(pageOne.tickets.map((t) => t.reference)).toEqual(openRefs.slice(0, 1));
		expect(pageTwo.tickets.map((t) => t.reference)).toEqual(openRefs.slice(1, 2));

		await openTicket(
			db,
			{ email: uniqueEmail(), subject: 'Other', message: 'Somebody else.' },
			mail
		);
		const after = await listTickets(db, { status: 'open' });
		expect(after.counts.open).toBe(before.counts.open + 1);
		expect(after.counts.closed).toBe(before.counts.closed);

		const mine = await ticketsForEmail(db, email);
		expect(mine.map((t) => t.reference).sort()).toEqual([first, second, third].sort());
		expect(mine.find((t) => t.reference === third)?.status).toBe('closed');
	});
});
