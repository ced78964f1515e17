import { requireUser } from '$lib/server/accounts/guard';
import { accountUsage } from '$lib/server/api/account-usage';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** The signed-in account's API keys and usage; anonymous visitors sign in first. */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { accountId } = requireUser(locals, url);
	const { api, entitlementOf, customerOf } = await getServices();
	const [keys, entitlement, customer] = await Promise.all([
		api.keys.list(accountId),
		entitlementOf(accountId),
		customerOf(accountId)
	]);
	return {
		keys,
		usage: await accountUsage({ meter: api.meter, entitlement, customer }),
		meta: { title: 'API keys and usage · NOBS Pay' }
	};
};
