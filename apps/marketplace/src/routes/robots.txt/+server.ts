import { robotsTxt } from '$lib/server/sitemap';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const { config } = await getServices();
	return new Response(robotsTxt(config.origin), {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=3600' }
	});
};
