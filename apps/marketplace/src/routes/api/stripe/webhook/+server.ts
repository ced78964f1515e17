import { createMarketplaceWebhook } from '$lib/server/webhook-endpoint';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

let handler: ((request: Request) => Promise<Response>) | undefined;

export const POST: RequestHandler = async ({ request }) => {
	handler ??= createMarketplaceWebhook(await getServices());
	return handler(request);
};
