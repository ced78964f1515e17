import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getEntitlement } from '$lib/server/accounts/entitlement';
import { resolveAccountId } from '$lib/server/accounts/team';
import { requireUser } from '$lib/server/accounts/guard';
import { issueDownload, ordersForEmail } from '$lib/server/accounts/order-history';
import {
	acceptInvitation,
	declineInvitation,
	leaveTeam,
	membershipOf,
	pendingInvitations
} from '$lib/server/accounts/team-invitations';
import { findProduct } from '$lib/catalog';
import { downloadPath } from '$lib/server/orders';
import { getServices } from '$lib/server/services';
import {
	readTicketForm,
	sendSoon,
	supportMail,
	ticketFailure
} from '$lib/server/support/support-routes';
import { accountTicketForm } from '$lib/server/support/ticket-form';
import { openTicket, ticketPath, ticketsForEmail } from '$lib/server/support/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { user, accountId } = requireUser(locals, url);
	const { database } = await getServices();
	const [orders, entitlement, tickets, invitations, membership] = await Promise.all([
		ordersForEmail(database.db, user.email),
		getEntitlement(database.db, accountId),
		ticketsForEmail(database.db, user.email),
		pendingInvitations(database.db, user),
		membershipOf(database.db, user.id)
	]);
	return {
		user,
		owner: accountId === user.id,
		invitations,
		membership,
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

const invitationForm = z.object({ invitation: z.coerce.number().int().positive() });

/** What refusing to accept an invitation tells the invitee. */
const notAccepted = {
	'not-found': 'This invitation no longer exists: the owner may have revoked it.',
	'team-ended': "This team's plan has ended, so it cannot take members.",
	'already-member': 'You already belong to a team: leave it first to join another.',
	'own-plan':
		'You pay for an API plan of your own. Cancel it on the billing page before joining a team.'
} as const;

export const actions: Actions = {
	/** Joins the team whose invitation was sent to the signed-in (verified) address. */
	accept: async ({ locals, url, request }) => {
		const { user } = requireUser(locals, url);
		const parsed = invitationForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: notAccepted['not-found'] });
		const { database } = await getServices();
		const outcome = await acceptInvitation(database.db, {
			user,
			invitationId: parsed.data.invitation
		});
		if (outcome !== 'accepted') return fail(409, { error: notAccepted[outcome] });
		// Without JavaScript this request also renders the page: show it as the team's member.
		locals.accountId = await resolveAccountId(database.db, user);
		return { notice: 'You joined the team: its plan, keys and usage are yours to use.' };
	},
	decline: async ({ locals, url, request }) => {
		const { user } = requireUser(locals, url);
		const parsed = invitationForm.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: notAccepted['not-found'] });
		const { database } = await getServices();
		await declineInvitation(database.db, { user, invitationId: parsed.data.invitation });
		return { notice: 'Invitation declined.' };
	},
	leave: async ({ locals, url }) => {
		const { user } = requireUser(locals, url);
		const { database } = await getServices();
		await leaveTeam(database.db, user);
		locals.accountId = await resolveAccountId(database.db, user);
		return { notice: 'You left the team. Your account is your own again.' };
	},
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
		const services = await getServices();
		const form = await readTicketForm(services, {
			request,
			clientAddress: getClientAddress(),
			schema: accountTicketForm,
			names: ['subject', 'message', 'order']
		});
		if ('failure' in form) return form.failure;
		const db = services.database.db;
		const { order, ...fields } = form.data;
		// Only an order of this account's email can be attached.
		if (order && !(await ordersForEmail(db, user.email)).some(({ id }) => id === order)) {
			return ticketFailure(400, form.values, { order: 'Choose one of your orders.' });
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
