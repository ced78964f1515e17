import { recordAudit } from '$lib/server/admin/audit';
import { runCleanup } from '$lib/server/admin/cleanup';
import {
	CUSTOMERS_PAGE_SIZE,
	customerSearchSchema,
	searchCustomers
} from '$lib/server/admin/customers';
import { getServices } from '$lib/server/services';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const { database } = await getServices();
	const { q, page } = customerSearchSchema.parse(Object.fromEntries(url.searchParams));
	const { rows, total } = await searchCustomers(database.db, { q, page });
	return {
		q,
		page,
		pages: Math.max(1, Math.ceil(total / CUSTOMERS_PAGE_SIZE)),
		total,
		customers: rows
	};
};

export const actions: Actions = {
	/** Removes what has expired now, rather than at the next hourly run, and says what went. */
	cleanup: async ({ locals }) => {
		if (!locals.admin) error(403, 'Admins only.');
		const { database } = await getServices();
		const report = await runCleanup(database.db);
		await recordAudit(database.db, {
			actor: locals.admin.actor,
			action: 'maintenance.cleanup',
			target: 'database',
			details: { ...report }
		});
		console.info('Cleanup (admin):', report);
		return { cleanup: report };
	}
};
