import { getServices } from '$lib/server/services';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const { config } = await getServices();
	return {
		sandbox: locals.sandbox,
		origin: config.origin,
		contact: config.contact,
		signedIn: locals.user !== null
	};
};
