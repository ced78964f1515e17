import { error } from '@sveltejs/kit';
import { createPortalSessionHandler } from '@nobs-pay/svelte/server';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** `POST /api/billing/portal`: the Stripe billing portal of the signed-in owner's customer. */
export const POST: RequestHandler = async ({ request, locals }) => {
	if (locals.user && locals.accountId !== locals.user.id) {
		error(403, 'Only the team owner manages billing.');
	}
	const { stripe, billing, config, rateLimits } = await getServices();
	const limited = locals.user && (await rateLimited(rateLimits.account, locals.user.id));
	if (limited) return limited;
	const accountId = locals.user?.id;
	const handle = createPortalSessionHandler({
		stripe,
		getCustomerId: async () => (accountId ? billing.customers.get(accountId) : null),
		returnUrl: `${config.origin}/account/billing`,
		onError: (cause) => console.error('Opening the billing portal failed:', cause)
	});
	return handle(request);
};
