import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getEntitlement } from '$lib/server/accounts/entitlement';
import { requireUser } from '$lib/server/accounts/guard';
import { issueDownload, ordersForEmail } from '$lib/server/accounts/order-history';
import { findProduct } from '$lib/catalog';
import { downloadPath } from '$lib/server/orders';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import {
	formValues,
	sendSoon,
	supportMail,
	TOO_MANY_TICKETS
} from '$lib/server/support/support-routes';
import { accountTicketForm, fieldErrors } from '$lib/server/support/ticket-form';
import { openTicket, ticketPath, ticketsForEmail } from '$lib/server/support/tickets';
import type { TicketFormFailure } from '$lib/support';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { user, accountId } = requireUser(locals, url);
	const { database } = await getServices();
	const [orders, entitlement, tickets] = await Promise.all([
		ordersForEmail(database.db, user.email),
		getEntitlement(database.db, accountId),
		ticketsForEmail(database.db, user.email)
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
		orders,
		tickets
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
	},
	/** A support request from the signed-in account, about one of its orders or none. */
	ticket: async ({ locals, url, request, getClientAddress }) => {
		const { user, accountId } = requireUser(locals, url);
		const values = formValues(await request.formData(), ['subject', 'message', 'order']);
		const parsed = accountTicketForm.safeParse(values);
		if (!parsed.success) {
			return fail(400, {
				ticket: { values, errors: fieldErrors(parsed.error) } satisfies TicketFormFailure
			});
		}
		const services = await getServices();
		if (await rateLimited(services.rateLimits.support, getClientAddress())) {
			return fail(429, {
				ticket: { values, errors: { form: TOO_MANY_TICKETS } } satisfies TicketFormFailure
			});
		}
		const db = services.database.db;
		const { order, ...fields } = parsed.data;
		// Only an order of this account's email can be attached.
		if (order && !(await ordersForEmail(db, user.email)).some(({ id }) => id === order)) {
			return fail(400, {
				ticket: {
					values,
					errors: { order: 'Choose one of your orders.' }
				} satisfies TicketFormFailure
			});
		}
		const { reference } = await openTicket(
			db,
			{ email: user.email, orderId: order || null, accountId, ...fields },
			supportMail(services)
		);
		sendSoon(services);
		redirect(303, `${ticketPath(reference)}?sent=ticket`);
	}
};
