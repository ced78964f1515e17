import { error } from '@sveltejs/kit';
import { catalog } from '$lib/catalog';
import { requireUser } from '$lib/server/accounts/guard';
import type { PageServerLoad } from './$types';

function planOf(sku: string) {
	for (const product of catalog.products) {
		const price = product.prices.find((candidate) => candidate.sku === sku && candidate.recurring);
		if (price?.recurring) return { product, price, recurring: price.recurring };
	}
	error(404, 'No such plan.');
}

/** After signing in on the way: confirm the plan, then continue to the hosted Checkout page. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { user } = requireUser(locals, url);
	const { product, price, recurring } = planOf(params.sku);
	return {
		email: user.email,
		sku: params.sku,
		plan: {
			name: product.name,
			unitAmount: price.unitAmount,
			currency: price.currency,
			interval: recurring.interval,
			trialDays: recurring.trialDays ?? 0
		}
	};
};
