import { randomUUID } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import { loadCustomer } from '$lib/server/admin/customers-detail';
import { resendReceipt } from '$lib/server/admin/customers-receipt';
import {
	extendFormSchema,
	extendGrant,
	grantFormSchema,
	resetGrant,
	revokeGrant
} from '$lib/server/admin/grants';
import { requestRefund } from '$lib/server/admin/refunds-request';
import { sendPending } from '$lib/server/email';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const { database } = await getServices();
	const customer = await loadCustomer(database.db, params.id);
	if (!customer) error(404, 'No such customer.');
	// A fresh key per render: a form sent twice (a double click, a retry) carries the same one.
	return { customer, formKey: randomUUID() };
};

/** The admin and the posted form of an action; the hook has already refused everyone else. */
async function submitted({ locals, request }: RequestEvent) {
	if (!locals.admin) error(403, 'Admins only.');
	return { actor: locals.admin.actor, form: Object.fromEntries(await request.formData()) };
}

type GrantAction = typeof resetGrant;

const grantAction = (change: GrantAction, done: string) => async (event: RequestEvent) => {
	const { actor, form } = await submitted(event);
	const parsed = grantFormSchema.safeParse(form);
	if (!parsed.success) return fail(400, { grantError: 'This download link does not exist.' });
	const { database } = await getServices();
	const result = await change(database.db, { actor, ...parsed.data });
	if (!result.ok) {
		return fail(result.error === 'not-found' ? 404 : 409, {
			grantError:
				result.error === 'revoked'
					? 'This download link is already revoked.'
					: 'This download link does not exist.'
		});
	}
	return { grantMessage: `${done} (${result.bundleSku}).` };
};

export const actions: Actions = {
	refund: async (event) => {
		const { actor, form } = await submitted(event);
		const { database, stripe } = await getServices();
		const result = await requestRefund(database.db, stripe, { actor, input: form });
		if (!result.ok) return fail(400, { refundError: result.error, orderId: String(form.orderId) });
		return { refund: result, orderId: String(form.orderId) };
	},
	reset: grantAction(resetGrant, 'Download count reset'),
	revoke: grantAction(revokeGrant, 'Download link revoked'),
	extend: async (event) => {
		const { actor, form } = await submitted(event);
		const parsed = extendFormSchema.safeParse(form);
		if (!parsed.success) return fail(400, { grantError: 'Give a number of days from 1 to 365.' });
		const { database } = await getServices();
		const result = await extendGrant(database.db, { actor, ...parsed.data });
		if (!result.ok) return fail(404, { grantError: 'This download link does not exist.' });
		return { grantMessage: `Expiry extended by ${parsed.data.days} days (${result.bundleSku}).` };
	},
	resend: async (event) => {
		const { actor, form } = await submitted(event);
		const { database, outboxKey, config, mail } = await getServices();
		const result = await resendReceipt(database.db, {
			actor,
			input: form,
			outboxKey,
			origin: config.origin ?? event.url.origin
		});
		if (!result.ok) return fail(400, { resendError: result.error });
		// Sent now when SMTP is set; otherwise it waits in the outbox (and the dev mailbox shows it).
		if (mail) await sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
		return {
			resendMessage: result.queued
				? `Receipt queued with ${result.links} new download ${result.links === 1 ? 'link' : 'links'}.`
				: 'This receipt was already sent.'
		};
	}
};
