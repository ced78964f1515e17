import { createCheckoutEndpoint } from '$lib/server/checkout-endpoint';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

let handler: ((request: Request) => Promise<Response>) | undefined;

export const POST: RequestHandler = async ({ request }) => {
	handler ??= createCheckoutEndpoint(await getServices());
	return handler(request);
};
