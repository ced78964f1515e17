import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../admin/audit.js';
import type { Db } from '../db/index.js';
import {
	supportTicketMessages,
	supportTickets,
	ticketStatuses,
	type TicketStatus
} from '../db/schema.js';
import { queueMessage } from '../email.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { answerMail } from './ticket-mail.js';
import { issueTicketLink, ticketLinkPath, type TicketSummary } from './tickets.js';

/** A row of the admin's inbox. */
export interface InboxTicket extends TicketSummary {
	email: string;
}

/**
 * The tickets of one status, the longest-waiting first for open and waiting ones (what needs
 * doing), the most recently closed first for closed ones, `limit` from `offset`; and how many
 * each status holds.
 */
export async function listTickets(
	db: Db,
	{ status, limit = 100, offset = 0 }: { status: TicketStatus; limit?: number; offset?: number }
): Promise<{ tickets: InboxTicket[]; counts: Record<TicketStatus, number> }> {
	const order =
		status === 'closed'
			? [desc(supportTickets.closedAt), desc(supportTickets.reference)]
			: [asc(supportTickets.lastActivityAt), asc(supportTickets.reference)];
	const [tickets, grouped] = await Promise.all([
		db
			.select({
				reference: supportTickets.reference,
				status: supportTickets.status,
				subject: supportTickets.subject,
				email: supportTickets.email,
				orderId: supportTickets.orderId,
				createdAt: supportTickets.createdAt,
				firstResponseAt: supportTickets.firstResponseAt,
				lastActivityAt: supportTickets.lastActivityAt,
				closedAt: supportTickets.closedAt
			})
			.from(supportTickets)
			.where(eq(supportTickets.status, status))
			.orderBy(...order)
			.limit(limit)
			.offset(offset),
		db
			.select({ status: supportTickets.status, count: count() })
			.from(supportTickets)
			.groupBy(supportTickets.status)
	]);
	const counts = Object.fromEntries(ticketStatuses.map((name) => [name, 0])) as Record<
		TicketStatus,
		number
	>;
	for (const row of grouped) counts[row.status] = Number(row.count);
	return { tickets, counts };
}

export interface AdminAction {
	reference: string;
	/** `locals.admin.actor`: who is written in the audit log. */
	actor: string;
}

/**
 * Adds an admin's answer and mails it to the customer with a fresh link (through the outbox),
 * sets the ticket waiting on the customer and stamps its first response; audited, all in one
 * transaction. Answers false for an unknown ticket.
 */
export async function replyAsAdmin(
	db: Db,
	{ reference, actor, body }: AdminAction & { body: string },
	mail: { origin: string; outboxKey: OutboxKey }
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select({ status: supportTickets.status })
			.from(supportTickets)
			.where(eq(supportTickets.reference, reference))
			.for('update');
		if (!before) return false;
		const [ticket] = await tx
			.update(supportTickets)
			.set({
				status: 'waiting_on_customer',
				firstResponseAt: sql`coalesce(${supportTickets.firstResponseAt}, now())`,
				lastActivityAt: sql`now()`,
				closedAt: null
			})
			.where(eq(supportTickets.reference, reference))
			.returning();
		if (!ticket) return false;
		const [message] = await tx
			.insert(supportTicketMessages)
			.values({ ticketReference: reference, author: 'admin', body })
			.returning({ id: supportTicketMessages.id });
		const token = await issueTicketLink(tx, reference);
		await queueMessage(tx, {
			cause: `ticket:${reference}:answer:${message?.id}`,
			kind: 'ticket_answer',
			to: ticket.email,
			content: answerMail(ticket, body, `${mail.origin}${ticketLinkPath(token)}`),
			outboxKey: mail.outboxKey
		});
		await recordAudit(tx, {
			actor,
			action: 'ticket.reply',
			target: reference,
			details: { messageId: message?.id, from: before.status, to: 'waiting_on_customer' }
		});
		return true;
	});
}

/** Closes a ticket, audited. Answers false when it was already closed (nothing is written). */
export async function closeTicket(db: Db, { reference, actor }: AdminAction): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [closed] = await tx
			.update(supportTickets)
			.set({ status: 'closed', closedAt: sql`now()`, lastActivityAt: sql`now()` })
			.where(and(eq(supportTickets.reference, reference), ne(supportTickets.status, 'closed')))
			.returning({ reference: supportTickets.reference });
		if (!closed) return false;
		await recordAudit(tx, { actor, action: 'ticket.close', target: reference });
		return true;
	});
}

/** Reopens a closed ticket, audited. Answers false when it was not closed. */
export async function reopenTicket(db: Db, { reference, actor }: AdminAction): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [reopened] = await tx
			.update(supportTickets)
			.set({ status: 'open', closedAt: null, lastActivityAt: sql`now()` })
			.where(and(eq(supportTickets.reference, reference), eq(supportTickets.status, 'closed')))
			.returning({ reference: supportTickets.reference });
		if (!reopened) return false;
		await recordAudit(tx, { actor, action: 'ticket.reopen', target: reference });
		return true;
	});
}
