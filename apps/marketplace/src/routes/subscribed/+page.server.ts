import { syncSubscription } from '@nobs-pay/svelte/server';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

/** Asks Stripe how the Checkout Session ended rather than trusting that the shopper got here. */
export const load: PageServerLoad = async ({ url, setHeaders, locals }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const id = url.searchParams.get('session_id') ?? '';
	if (!SESSION_ID.test(id)) return { status: 'unknown' as const };
	const { stripe, billing } = await getServices();
	try {
		const session = await stripe.checkout.sessions.retrieve(id);
		const complete = session.status === 'complete';
		// The signed-in buyer sees the plan at once, without waiting for the webhook: the session's
		// subscription is read from Stripe, and only when the session is this account's.
		const customer = locals.accountId ? await billing.customers.get(locals.accountId) : null;
		const subscription = session.subscription;
		if (complete && customer && session.customer === customer && typeof subscription === 'string') {
			await syncSubscription({
				stripe,
				store: billing.subscriptions,
				customers: billing.customers,
				subscription
			});
		}
		return {
			status: complete ? ('complete' as const) : ('open' as const),
			signedIn: Boolean(customer)
		};
	} catch {
		return { status: 'unknown' as const };
	}
};
