import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The License API (`/api/v1/*`): routing, keys, limits and usage are in `$lib/server/api`. */
const handle: RequestHandler = async ({ request }) => {
	const { api } = await getServices();
	return api.handle(request);
};

export const GET = handle;
export const POST = handle;
export const DELETE = handle;
export const fallback = handle;
