import { error, fail, redirect } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { closeTicket, reopenTicket, replyAsAdmin } from '$lib/server/support/admin-tickets';
import { formValues, sendSoon, supportMail } from '$lib/server/support/support-routes';
import { fieldErrors, replyForm } from '$lib/server/support/ticket-form';
import { adminTicketPath, loadTicket, ticketsForEmail } from '$lib/server/support/tickets';
import type { TicketFormFailure } from '$lib/support';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = 'No ticket has this reference.';
/** The actions whose confirmation the page shows after their redirect (`?done=`). */
const DONE = ['reply', 'close', 'reopen'] as const;

/** The admin behind the request; the server hook has already refused everyone else. */
function actorOf(locals: App.Locals): string {
	if (!locals.admin) error(403, 'Admins only.');
	return locals.admin.actor;
}

export const load: PageServerLoad = async ({ params, url }) => {
	const { database } = await getServices();
	const ticket = await loadTicket(database.db, params.reference);
	if (!ticket) error(404, NOT_FOUND);
	const others = (await ticketsForEmail(database.db, ticket.email)).filter(
		(other) => other.reference !== ticket.reference
	);
	const done = DONE.find((action) => action === url.searchParams.get('done')) ?? null;
	return { ticket, others, now: new Date(), done };
};

export const actions: Actions = {
	/** Answers the customer by email (through the outbox); the ticket then waits on them. */
	reply: async ({ params, locals, request }) => {
		const actor = actorOf(locals);
		const values = formValues(await request.formData(), ['message']);
		const parsed = replyForm.safeParse(values);
		if (!parsed.success) {
			return fail(400, {
				reply: { values, errors: fieldErrors(parsed.error) } satisfies TicketFormFailure
			});
		}
		const services = await getServices();
		const replied = await replyAsAdmin(
			services.database.db,
			{ reference: params.reference, actor, body: parsed.data.message },
			supportMail(services)
		);
		if (!replied) error(404, NOT_FOUND);
		sendSoon(services);
		redirect(303, `${adminTicketPath(params.reference)}?done=reply`);
	},
	close: async ({ params, locals }) => {
		const actor = actorOf(locals);
		const { database } = await getServices();
		await closeTicket(database.db, { reference: params.reference, actor });
		redirect(303, `${adminTicketPath(params.reference)}?done=close`);
	},
	reopen: async ({ params, locals }) => {
		const actor = actorOf(locals);
		const { database } = await getServices();
		await reopenTicket(database.db, { reference: params.reference, actor });
		redirect(303, `${adminTicketPath(params.reference)}?done=reopen`);
	}
};
