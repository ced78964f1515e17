import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getEntitlement } from '$lib/server/accounts/entitlement';
import { requireUser } from '$lib/server/accounts/guard';
import { issueDownload, ordersForEmail } from '$lib/server/accounts/order-history';
import { findProduct } from '$lib/catalog';
import { downloadPath } from '$lib/server/orders';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { user, accountId } = requireUser(locals, url);
	const { database } = await getServices();
	const [orders, entitlement] = await Promise.all([
		ordersForEmail(database.db, user.email),
		getEntitlement(database.db, accountId)
	]);
	return {
		user,
		owner: accountId === user.id,
		plan: entitlement
			? {
					name: findProduct(entitlement.planId)?.name ?? entitlement.planId,
					status: entitlement.status
				}
			: null,
		orders
	};
};

const downloadForm = z.object({
	order: z.string().regex(/^ord_[\w-]{1,40}$/),
	line: z.coerce.number().int().min(0).max(1000)
});

export const actions: Actions = {
	/** A fresh download link for a bundle of one of the signed-in email's orders. */
	download: async ({ locals, url, request }) => {
		const { user } = requireUser(locals, url);
		const parsed = downloadForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: 'This download does not exist.' });
		const { database } = await getServices();
		const result = await issueDownload(database.db, {
			email: user.email,
			orderId: parsed.data.order,
			line: parsed.data.line
		});
		if (result.outcome === 'issued') redirect(303, downloadPath(result.token));
		if (result.outcome === 'suspended') {
			return fail(409, { error: 'Downloads of this order are suspended while a dispute is open.' });
		}
		error(404, 'Not found');
	}
};
