import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { customerReply, sentNotice } from '$lib/server/support/support-routes';
import { findTicketByLink, ticketLinkPath } from '$lib/server/support/tickets';
import type { Actions, PageServerLoad } from './$types';

// The link from a ticket's mail: its token is the only key, as an order's is to the order page.
const NOT_FOUND = 'No request matches this link. Check that you copied all of it.';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	// same-origin, not no-referrer: the reply form needs its Origin for SvelteKit's CSRF check;
	// the token still never leaves this site.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
	const { database } = await getServices();
	const ticket = await findTicketByLink(database.db, params.token);
	if (!ticket) error(404, NOT_FOUND);
	return { ticket, sent: sentNotice(url) };
};

export const actions: Actions = {
	reply: async ({ params, request, getClientAddress }) => {
		const services = await getServices();
		const ticket = await findTicketByLink(services.database.db, params.token);
		if (!ticket) error(404, NOT_FOUND);
		return customerReply(services, {
			reference: ticket.reference,
			request,
			clientAddress: getClientAddress(),
			back: ticketLinkPath(params.token)
		});
	}
};
