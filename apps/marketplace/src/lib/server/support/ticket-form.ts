import { z } from 'zod';
import type { TicketField } from '../../support.js';

/**
 * What a customer or an admin may write in a ticket, checked on the server (the browser's
 * `maxlength` and `required` only help). Messages are stored and mailed as plain text.
 */
export const SUBJECT_MAX = 120;
export const MESSAGE_MAX = 5000;

const message = z
	.string({ error: 'Write a message.' })
	.trim()
	.min(10, 'Write at least 10 characters, so we know what happened.')
	.max(MESSAGE_MAX, `Keep the message under ${MESSAGE_MAX} characters.`);

/** A new ticket: a subject, the first message, and optionally one of the customer's orders. */
export const newTicketForm = z.object({
	subject: z
		.string({ error: 'Write a subject.' })
		.trim()
		.min(3, 'Write a subject of at least 3 characters.')
		.max(SUBJECT_MAX, `Keep the subject under ${SUBJECT_MAX} characters.`)
		// It becomes a mail's Subject header: no line breaks or other control characters.
		// eslint-disable-next-line no-control-regex
		.regex(/^[^\u0000-\u001f\u007f]*$/, 'Write the subject on one line.'),
	message
});

/** From the account page, the order is picked from a list: `''` means none. */
export const accountTicketForm = newTicketForm.extend({
	order: z
		.union([z.literal(''), z.string().regex(/^ord_[\w-]{1,40}$/, 'Choose one of your orders.')])
		.optional()
});

/** A reply in a thread, from either side. */
export const replyForm = z.object({ message });

export type TicketFieldErrors = Partial<Record<TicketField, string>>;

/** The first problem of each field, worded for the person filling in the form. */
export function fieldErrors(error: z.ZodError): TicketFieldErrors {
	const errors: TicketFieldErrors = {};
	for (const issue of error.issues) {
		const field = issue.path[0];
		if ((field === 'subject' || field === 'message' || field === 'order') && !errors[field]) {
			errors[field] = issue.message;
		}
	}
	return errors;
}

/** `T-` and six characters without look-alikes (no 0/O, 1/I): easy to quote on the phone. */
export const referencePattern = /^T-[A-HJ-NP-Z2-9]{6}$/;

/** A ticket link token: 256 random bits, base64url, as the order tokens. */
export const linkTokenPattern = /^[A-Za-z0-9_-]{43}$/;
