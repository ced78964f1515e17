import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { sendPending } from '../email.js';
import { rateLimited } from '../rate-limit.js';
import type { Services } from '../services.js';
import type { TicketFormFailure } from '../../support.js';
import { fieldErrors, replyForm } from './ticket-form.js';
import { replyAsCustomer, type SupportMail } from './tickets.js';

/**
 * What the support routes share: the mail settings of a ticket, sending what was just queued,
 * the start of both "open a ticket" actions, and the customer's reply action of both ticket pages
 * (signed in, or by secret link).
 */

export const TOO_MANY_TICKETS =
	'You wrote several messages in a short time. Wait a minute and send again.';

export function supportMail({ config, outboxKey }: Services): SupportMail {
	// The configured origin, never the request's Host header: mailed links must point here.
	return { origin: config.origin, outboxKey, adminEmails: config.admin.emails };
}

/** Sends queued mail now when SMTP is set (else the outbox keeps it for the dev mailbox). */
export function sendSoon({ database, mail, outboxKey }: Services): void {
	if (mail) void sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
}

/** The text fields of a form, for showing them again after a failure. */
export function formValues(form: FormData, names: string[]): Record<string, string> {
	return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')]));
}

/** The "open a ticket" form shown again with its values and what is wrong. */
export function ticketFailure(
	status: number,
	values: Record<string, string>,
	errors: TicketFormFailure['errors']
): ActionFailure<{ ticket: TicketFormFailure }> {
	return fail(status, { ticket: { values, errors } });
}

/**
 * The start of an "open a ticket" action: the form's `names` fields validated with `schema`, then
 * the sender rate-limited per IP. Gives the parsed fields and the raw values (to show again on a
 * later failure), or the failure to return as is.
 */
export async function readTicketForm<Output>(
	services: Services,
	{
		request,
		clientAddress,
		schema,
		names
	}: {
		request: Request;
		clientAddress: string;
		schema: z.ZodType<Output>;
		names: string[];
	}
): Promise<
	| { data: Output; values: Record<string, string> }
	| { failure: ActionFailure<{ ticket: TicketFormFailure }> }
> {
	const values = formValues(await request.formData(), names);
	const parsed = schema.safeParse(values);
	if (!parsed.success) return { failure: ticketFailure(400, values, fieldErrors(parsed.error)) };
	if (await rateLimited(services.rateLimits.support, clientAddress)) {
		return { failure: ticketFailure(429, values, { form: TOO_MANY_TICKETS }) };
	}
	return { data: parsed.data, values };
}

/**
 * The customer's reply on a ticket page whose access was already checked: validated, rate-limited
 * per IP, stored (reopening the ticket), then a 303 back to the page.
 */
export async function customerReply(
	services: Services,
	{
		reference,
		request,
		clientAddress,
		back
	}: {
		reference: string;
		request: Request;
		clientAddress: string;
		back: string;
	}
) {
	const form = await request.formData();
	const values = formValues(form, ['message']);
	const parsed = replyForm.safeParse(values);
	if (!parsed.success) {
		return fail(400, {
			reply: { values, errors: fieldErrors(parsed.error) } satisfies TicketFormFailure
		});
	}
	if (await rateLimited(services.rateLimits.support, clientAddress)) {
		return fail(429, {
			reply: { values, errors: { form: TOO_MANY_TICKETS } } satisfies TicketFormFailure
		});
	}
	await replyAsCustomer(
		services.database.db,
		{ reference, body: parsed.data.message },
		supportMail(services)
	);
	sendSoon(services);
	redirect(303, `${back}?sent=reply`);
}

/** The confirmation a ticket page shows after a redirect (`?sent=ticket|reply`). */
export function sentNotice(url: URL): 'ticket' | 'reply' | null {
	const sent = url.searchParams.get('sent');
	return sent === 'ticket' || sent === 'reply' ? sent : null;
}
