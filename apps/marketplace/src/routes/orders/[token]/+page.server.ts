import { error, redirect } from '@sveltejs/kit';
import { ReturnVerificationError, verifyReturn } from '@nobs-pay/svelte/server';
import { sendPending } from '$lib/server/email';
import { findOrderByAccessToken } from '$lib/server/orders';
import { reconcileOnView } from '$lib/server/reconcile-orders';
import { getServices } from '$lib/server/services';
import { readTicketForm, sendSoon, supportMail } from '$lib/server/support/support-routes';
import { newTicketForm } from '$lib/server/support/ticket-form';
import { openTicket, ticketLinkPath } from '$lib/server/support/tickets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	// The token in the URL is the only key to this page: never cache it, never leak it as a referrer
	// to another site. same-origin, not no-referrer: under no-referrer the browser sends
	// `Origin: null` with the page's support form, which SvelteKit's CSRF check refuses.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
	const { database, stripe, mail, outboxKey } = await getServices();
	let order = await findOrderByAccessToken(database.db, params.token);
	if (!order) error(404, 'No order matches this link. Check that you copied all of it.');

	// A webhook that never came: ask Stripe (throttled, never throws) and fulfil as the webhook would.
	if (order.status === 'pending') {
		const reconciled = await reconcileOnView(database.db, stripe, order);
		if (reconciled?.outcome === 'fulfilled') {
			if (mail) void sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
			order = (await findOrderByAccessToken(database.db, params.token)) ?? order;
		}
	}

	// After a redirect-based payment Stripe sends the shopper back with the intent in the URL.
	let payment: string | undefined;
	if (url.searchParams.has('payment_intent')) {
		try {
			const verified = await verifyReturn({ stripe, url });
			// The intent in the URL must be this order's, not any intent whose secret someone holds.
			payment =
				verified.paymentIntent.metadata.nobs_order_id === order.id ? verified.status : 'unverified';
		} catch (cause) {
			if (!(cause instanceof ReturnVerificationError)) throw cause;
			payment = 'unverified';
		}
	}
	return { order, payment };
};

export const actions: Actions = {
	/** A support request about this order: the token in the URL proves the buyer. */
	ticket: async ({ params, request, getClientAddress }) => {
		const services = await getServices();
		const form = await readTicketForm(services, {
			request,
			clientAddress: getClientAddress(),
			schema: newTicketForm,
			names: ['subject', 'message']
		});
		if ('failure' in form) return form.failure;
		const order = await findOrderByAccessToken(services.database.db, params.token);
		if (!order) error(404, 'No order matches this link. Check that you copied all of it.');
		const { linkToken } = await openTicket(
			services.database.db,
			{ email: order.email, orderId: order.id, ...form.data },
			supportMail(services)
		);
		sendSoon(services);
		redirect(303, `${ticketLinkPath(linkToken)}?sent=ticket`);
	}
};
