import { error } from '@sveltejs/kit';
import { isPaid } from '$lib/server/orders';
import { stripe } from '$lib/server/stripe';
import type { PageServerLoad } from './$types';

// The id is a PaymentIntent (Elements checkout) or a Checkout Session (pricing page). Stripe's
// ids are unguessable; a store with accounts also checks the order belongs to the visitor.
export const load: PageServerLoad = async ({ params }) => {
	if (/^pi_\w+$/.test(params.id)) {
		const intent = await stripe.paymentIntents.retrieve(params.id).catch(() => error(404));
		return order(intent.id, intent.amount, intent.currency);
	}
	if (/^cs_\w+$/.test(params.id)) {
		const session = await stripe.checkout.sessions.retrieve(params.id).catch(() => error(404));
		return order(session.id, session.amount_total ?? 0, session.currency ?? 'usd');
	}
	error(404);
};

function order(id: string, amount: number, currency: string) {
	return { id, total: { amount, currency }, confirmed: isPaid(id) };
}
