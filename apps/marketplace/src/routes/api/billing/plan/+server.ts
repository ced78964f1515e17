import { error } from '@sveltejs/kit';
import { createPlanHandler } from '@nobs-pay/svelte/server';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * `POST /api/billing/plan` for `Billing.Plan`: preview, change, cancel (with a reason) and resume
 * the signed-in owner's subscription. A team member's session manages nothing.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	if (locals.user && locals.accountId !== locals.user.id) {
		error(403, 'Only the team owner manages billing.');
	}
	const { stripe, billing, rateLimits } = await getServices();
	const limited = locals.user && (await rateLimited(rateLimits.account, locals.user.id));
	if (limited) return limited;
	const accountId = locals.user?.id;
	const prices = await billing.planPrices();
	const handle = createPlanHandler({
		stripe,
		store: billing.subscriptions,
		prices: prices.map((price) => price.stripePriceId),
		getCustomerId: async () => (accountId ? billing.customers.get(accountId) : null),
		onError: (cause) => console.error('Changing the plan failed:', cause)
	});
	return handle(request);
};
