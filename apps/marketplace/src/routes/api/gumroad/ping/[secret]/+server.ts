import { handleGumroadPing } from '$lib/server/sources/gumroad';
import { sourceContext } from '$lib/server/sources/source-context';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Gumroad's Ping (see docs/src/routes/order-sources): a sale or a refund, form-encoded. */
export const POST: RequestHandler = async ({ request, params }) => {
	const services = await getServices();
	return handleGumroadPing(request, params.secret, {
		settings: services.config.sources.gumroad,
		context: sourceContext(services)
	});
};
