import { z } from 'zod';
import { ticketStatuses } from '$lib/server/db/schema';
import { getServices } from '$lib/server/services';
import { listTickets } from '$lib/server/support/admin-tickets';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const query = z.object({
	status: z.enum(ticketStatuses).catch('open'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export const load: PageServerLoad = async ({ url }) => {
	const { database } = await getServices();
	const { status, page } = query.parse({
		status: url.searchParams.get('status') ?? undefined,
		page: url.searchParams.get('page') ?? undefined
	});
	const { tickets, counts } = await listTickets(database.db, {
		status,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	});
	const pages = Math.max(1, Math.ceil(counts[status] / PAGE_SIZE));
	// Ages are measured against the server's clock, the one that stamped the tickets.
	return { status, tickets, counts, page, pages, now: new Date() };
};
