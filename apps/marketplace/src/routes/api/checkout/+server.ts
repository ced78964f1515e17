import { handleCheckout } from '$lib/server/checkout-endpoint';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) =>
	handleCheckout(request, await getServices());
