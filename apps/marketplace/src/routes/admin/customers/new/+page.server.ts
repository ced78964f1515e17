import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { manualOrderBundles, recordManualOrder } from '$lib/server/admin/customers-manual-order';
import { orders } from '$lib/server/db/schema';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	bundles: manualOrderBundles,
	// Sent with the form: a double click or a retry records one order.
	formKey: randomUUID()
});

export const actions: Actions = {
	default: async ({ locals, request, url }) => {
		if (!locals.admin) error(403, 'Admins only.');
		const form = Object.fromEntries(await request.formData());
		const { database, outboxKey, config } = await getServices();
		const result = await recordManualOrder(database.db, {
			actor: locals.admin.actor,
			input: form,
			outboxKey,
			origin: config.origin ?? url.origin
		});
		if (!result.ok) {
			return fail(400, {
				error: result.error,
				values: { email: String(form.email ?? ''), note: String(form.note ?? '') }
			});
		}
		const [order] = await database.db
			.select({ customerId: orders.customerId })
			.from(orders)
			.where(eq(orders.id, result.orderId));
		redirect(303, `/admin/customers/${order?.customerId ?? ''}`);
	}
};
