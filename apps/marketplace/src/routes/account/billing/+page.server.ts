import { loadBillingView } from '$lib/server/accounts/billing-view';
import { requireUser } from '$lib/server/accounts/guard';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { user, accountId } = requireUser(locals, url);
	const services = await getServices();
	return {
		billing: await loadBillingView(services, { accountId, userId: user.id }),
		checkoutDone: url.searchParams.has('subscribed')
	};
};
