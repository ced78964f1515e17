import { createCheckoutEndpoint } from '$lib/server/checkout-endpoint';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

let handler: ((request: Request) => Promise<Response>) | undefined;

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const services = await getServices();
	// Counted before the body is read: a refused call costs no order, receipt or PaymentIntent.
	const limited = await rateLimited(services.rateLimits.checkout, getClientAddress());
	if (limited) return limited;
	handler ??= createCheckoutEndpoint(services);
	return handler(request);
};
