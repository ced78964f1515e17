import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

/** Asks Stripe how the Checkout Session ended rather than trusting that the shopper got here. */
export const load: PageServerLoad = async ({ url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const id = url.searchParams.get('session_id') ?? '';
	if (!SESSION_ID.test(id)) return { status: 'unknown' as const };
	const { stripe } = await getServices();
	try {
		const session = await stripe.checkout.sessions.retrieve(id);
		return { status: session.status === 'complete' ? ('complete' as const) : ('open' as const) };
	} catch {
		return { status: 'unknown' as const };
	}
};
