import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/accounts/guard';
import { getServices } from '$lib/server/services';
import { customerReply, sentNotice } from '$lib/server/support/support-routes';
import { findOwnTicket, ticketPath } from '$lib/server/support/tickets';
import type { Actions, PageServerLoad } from './$types';

// A signed-in customer's own request: the account's email must be the ticket's. Anyone else gets
// the same 404 as for a reference that does not exist.
const NOT_FOUND = 'None of your requests has this reference.';

export const load: PageServerLoad = async ({ params, locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { user } = requireUser(locals, url);
	const { database } = await getServices();
	const ticket = await findOwnTicket(database.db, {
		reference: params.reference,
		email: user.email
	});
	if (!ticket) error(404, NOT_FOUND);
	return { ticket, sent: sentNotice(url) };
};

export const actions: Actions = {
	reply: async ({ params, locals, url, request, getClientAddress }) => {
		const { user } = requireUser(locals, url);
		const services = await getServices();
		const ticket = await findOwnTicket(services.database.db, {
			reference: params.reference,
			email: user.email
		});
		if (!ticket) error(404, NOT_FOUND);
		return customerReply(services, {
			reference: ticket.reference,
			request,
			clientAddress: getClientAddress(),
			back: ticketPath(ticket.reference)
		});
	}
};
