import { z } from 'zod';
import { listAudit } from '$lib/server/admin/audit';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const query = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

export const load: PageServerLoad = async ({ url }) => {
	const { database } = await getServices();
	const { before } = query.parse(Object.fromEntries(url.searchParams));
	const entries = await listAudit(database.db, { limit: PAGE_SIZE + 1, before });
	return {
		entries: entries.slice(0, PAGE_SIZE).map((entry) => ({
			...entry,
			createdAt: entry.createdAt.toISOString()
		})),
		older: entries.length > PAGE_SIZE ? (entries[PAGE_SIZE - 1]?.id ?? null) : null
	};
};
