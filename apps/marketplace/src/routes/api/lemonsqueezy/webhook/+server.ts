import { handleLemonSqueezyWebhook } from '$lib/server/sources/lemonsqueezy';
import { sourceContext } from '$lib/server/sources/source-context';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Lemon Squeezy's webhook (see docs/src/routes/order-sources): `order_created`, `order_refunded`. */
export const POST: RequestHandler = async ({ request }) => {
	const services = await getServices();
	return handleLemonSqueezyWebhook(request, {
		settings: services.config.sources.lemonSqueezy,
		context: sourceContext(services)
	});
};
