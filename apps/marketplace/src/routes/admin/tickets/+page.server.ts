import { z } from 'zod';
import { ticketStatuses } from '$lib/server/db/schema';
import { getServices } from '$lib/server/services';
import { listTickets } from '$lib/server/support/admin-tickets';
import type { PageServerLoad } from './$types';

const query = z.object({ status: z.enum(ticketStatuses).catch('open') });

export const load: PageServerLoad = async ({ url }) => {
	const { database } = await getServices();
	const { status } = query.parse({ status: url.searchParams.get('status') ?? undefined });
	const { tickets, counts } = await listTickets(database.db, { status });
	// Ages are measured against the server's clock, the one that stamped the tickets.
	return { status, tickets, counts, now: new Date() };
};
