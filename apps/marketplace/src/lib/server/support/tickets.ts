import { randomBytes } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.js';
import {
	supportTicketLinks,
	supportTicketMessages,
	supportTickets,
	type TicketStatus
} from '../db/schema.js';
import { notifyAdmins } from '../admin/notify.js';
import { queueMessage } from '../email.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { hashToken, newAccessToken } from '../tokens.js';
import { acknowledgementMail, adminTicketNotice } from './ticket-mail.js';
import { linkTokenPattern, referencePattern } from './ticket-form.js';

/** Where a ticket's mail points and who it notifies. */
export interface SupportMail {
	/** The shop's origin, for the links in mail (`https://shop.example`). */
	origin: string;
	outboxKey: OutboxKey;
	/** The admins told of new tickets and customer replies (`ADMIN_EMAILS`). */
	adminEmails: ReadonlySet<string>;
}

export interface TicketMessage {
	id: number;
	author: 'customer' | 'admin';
	body: string;
	createdAt: Date;
}

/** A ticket with its thread, as the customer's page and the admin's page show it. */
export interface Ticket {
	reference: string;
	status: TicketStatus;
	subject: string;
	email: string;
	orderId: string | null;
	createdAt: Date;
	firstResponseAt: Date | null;
	lastActivityAt: Date;
	closedAt: Date | null;
	messages: TicketMessage[];
}

/** A ticket in a list (the account page, the admin's customer page). */
export type TicketSummary = Omit<Ticket, 'messages' | 'email'>;

/** The customer's page of a ticket when signed in; the secret link's page is `ticketLinkPath`. */
export const ticketPath = (reference: string) => `/support/${reference}`;
export const ticketLinkPath = (token: string) => `/support/link/${token}`;
export const adminTicketPath = (reference: string) => `/admin/tickets/${reference}`;

// 32 symbols, so a random byte's low five bits pick one without bias.
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh reference, `T-` and six symbols (30 bits): unique by retry, not a secret. */
export function newReference(): string {
	return `T-${[...randomBytes(6)].map((byte) => REFERENCE_ALPHABET[byte & 31]).join('')}`;
}

/** A new secret link to the ticket; only its hash is kept. Answers the token for the mail. */
export async function issueTicketLink(db: Db | Tx, reference: string): Promise<string> {
	const token = newAccessToken();
	await db
		.insert(supportTicketLinks)
		.values({ tokenHash: hashToken(token), ticketReference: reference });
	return token;
}

export interface OpenTicketInput {
	/** The customer's address: the order's email, or the signed-in account's. */
	email: string;
	subject: string;
	message: string;
	/** The order the ticket is about, already proven to be the customer's by the caller. */
	orderId?: string | null;
	accountId?: string | null;
}

/**
 * Opens a ticket with its first message, and queues the customer's acknowledgement and the
 * admins' notice, all in one transaction. Answers the reference and the link token of the
 * acknowledgement (the caller shows the customer that page at once).
 * @example const { reference, linkToken } = await openTicket(db, input, mail);
 */
export async function openTicket(
	db: Db,
	input: OpenTicketInput,
	mail: SupportMail
): Promise<{ reference: string; linkToken: string }> {
	const email = input.email.toLowerCase();
	return db.transaction(async (tx) => {
		let reference = '';
		// A clash of two random references is rare; the primary key catches it and we draw again.
		for (let attempt = 0; !reference; attempt++) {
			if (attempt === 5) throw new Error('No free ticket reference after 5 draws.');
			const [row] = await tx
				.insert(supportTickets)
				.values({
					reference: newReference(),
					subject: input.subject,
					email,
					orderId: input.orderId ?? null,
					accountId: input.accountId ?? null
				})
				.onConflictDoNothing()
				.returning({ reference: supportTickets.reference });
			reference = row?.reference ?? '';
		}
		const [first] = await tx
			.insert(supportTicketMessages)
			.values({ ticketReference: reference, author: 'customer', body: input.message })
			.returning({ id: supportTicketMessages.id });
		const linkToken = await issueTicketLink(tx, reference);
		const ticket = { reference, subject: input.subject, email };
		await queueMessage(tx, {
			cause: `ticket:${reference}:ack`,
			kind: 'ticket_ack',
			to: email,
			content: acknowledgementMail(ticket, `${mail.origin}${ticketLinkPath(linkToken)}`),
			outboxKey: mail.outboxKey
		});
		await notifyAdmins(
			tx,
			{ emails: mail.adminEmails, outboxKey: mail.outboxKey },
			{
				cause: `ticket:${reference}:message:${first?.id}`,
				kind: 'admin_ticket',
				content: adminTicketNotice(ticket, input.message, {
					link: `${mail.origin}${adminTicketPath(reference)}`,
					isNew: true
				})
			}
		);
		return { reference, linkToken };
	});
}

/**
 * Adds the customer's reply. A ticket waiting on the customer, or closed, is open again: the
 * next move is the admins', and they are told.
 */
export async function replyAsCustomer(
	db: Db,
	{ reference, body }: { reference: string; body: string },
	mail: SupportMail
): Promise<void> {
	await db.transaction(async (tx) => {
		const [ticket] = await tx
			.update(supportTickets)
			.set({ status: 'open', lastActivityAt: sql`now()`, closedAt: null })
			.where(eq(supportTickets.reference, reference))
			.returning();
		if (!ticket) throw new Error(`No ticket ${reference}.`);
		const [message] = await tx
			.insert(supportTicketMessages)
			.values({ ticketReference: reference, author: 'customer', body })
			.returning({ id: supportTicketMessages.id });
		await notifyAdmins(
			tx,
			{ emails: mail.adminEmails, outboxKey: mail.outboxKey },
			{
				cause: `ticket:${reference}:message:${message?.id}`,
				kind: 'admin_ticket',
				content: adminTicketNotice(ticket, body, {
					link: `${mail.origin}${adminTicketPath(reference)}`,
					isNew: false
				})
			}
		);
	});
}

/** The ticket with its thread; no access check (callers decide who may see it). */
export async function loadTicket(db: Db, reference: string): Promise<Ticket | undefined> {
	if (!referencePattern.test(reference)) return undefined;
	const [ticket] = await db
		.select()
		.from(supportTickets)
		.where(eq(supportTickets.reference, reference));
	if (!ticket) return undefined;
	const messages = await db
		.select({
			id: supportTicketMessages.id,
			author: supportTicketMessages.author,
			body: supportTicketMessages.body,
			createdAt: supportTicketMessages.createdAt
		})
		.from(supportTicketMessages)
		.where(eq(supportTicketMessages.ticketReference, reference))
		.orderBy(asc(supportTicketMessages.id));
	const { accountId: _accountId, ...fields } = ticket;
	return { ...fields, messages };
}

/** The ticket a secret link opens, or undefined for an unknown or malformed token. */
export async function findTicketByLink(db: Db, token: string): Promise<Ticket | undefined> {
	if (!linkTokenPattern.test(token)) return undefined;
	const [link] = await db
		.select({ reference: supportTicketLinks.ticketReference })
		.from(supportTicketLinks)
		.where(eq(supportTicketLinks.tokenHash, hashToken(token)));
	return link && loadTicket(db, link.reference);
}

/**
 * The ticket if `email` (the signed-in account's) opened it; undefined otherwise, so that a
 * stranger cannot even tell whether a reference exists.
 */
export async function findOwnTicket(
	db: Db,
	{ reference, email }: { reference: string; email: string }
): Promise<Ticket | undefined> {
	const ticket = await loadTicket(db, reference);
	return ticket?.email === email.toLowerCase() ? ticket : undefined;
}

/**
 * A customer's tickets, newest activity first: for the account page and the admin's customer page.
 * @example const tickets = await ticketsForEmail(db, customer.email);
 */
export async function ticketsForEmail(db: Db, email: string): Promise<TicketSummary[]> {
	return db
		.select({
			reference: supportTickets.reference,
			status: supportTickets.status,
			subject: supportTickets.subject,
			orderId: supportTickets.orderId,
			createdAt: supportTickets.createdAt,
			firstResponseAt: supportTickets.firstResponseAt,
			lastActivityAt: supportTickets.lastActivityAt,
			closedAt: supportTickets.closedAt
		})
		.from(supportTickets)
		.where(eq(supportTickets.email, email.toLowerCase()))
		.orderBy(desc(supportTickets.lastActivityAt), desc(supportTickets.reference));
}
