import type { MessageContent } from '../email.js';

/** The mail of a ticket, rendered by email.ts's `renderMessage` like all account mail. */

interface TicketRef {
	reference: string;
	subject: string;
}

/** A message body as paragraphs: blank lines separate them, as the customer typed them. */
const paragraphsOf = (body: string) =>
	body
		.split(/\n\s*\n/)
		.map((paragraph) => paragraph.trim())
		.filter(Boolean);

/** To the customer, right after they opened a ticket. */
export function acknowledgementMail(ticket: TicketRef, link: string): MessageContent {
	return {
		subject: `[${ticket.reference}] We received your request: ${ticket.subject}`,
		heading: `We received your request ${ticket.reference}`,
		paragraphs: [
			`Thank you for writing. Your request “${ticket.subject}” has the reference ${ticket.reference}; we usually answer within one working day.`,
			'The link below shows the conversation and lets you add to it. Keep it to yourself: whoever has it can read and reply.'
		],
		action: { label: 'View your request', url: link }
	};
}

/** To the customer, with an admin's answer. */
export function answerMail(ticket: TicketRef, body: string, link: string): MessageContent {
	return {
		subject: `[${ticket.reference}] Re: ${ticket.subject}`,
		heading: `An answer to your request ${ticket.reference}`,
		paragraphs: [...paragraphsOf(body), 'Reply on the request’s page, not to this email.'],
		action: { label: 'Read and reply', url: link }
	};
}

/** To the admins: a new ticket, or a customer's reply, with the message itself. */
export function adminTicketNotice(
	ticket: TicketRef & { email: string },
	body: string,
	{ link, isNew }: { link: string; isNew: boolean }
): MessageContent {
	const what = isNew ? 'New support request' : 'Customer reply';
	return {
		subject: `[${ticket.reference}] ${what}: ${ticket.subject}`,
		heading: `${what} ${ticket.reference} from ${ticket.email}`,
		paragraphs: paragraphsOf(body),
		action: { label: 'Open in the admin', url: link }
	};
}
