import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const { config } = await getServices();
	return { publishableKey: config.stripe.publishableKey, stripeJsUrl: config.stripe.jsUrl };
};
