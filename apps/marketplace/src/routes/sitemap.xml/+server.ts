import { sitemapXml } from '$lib/server/sitemap';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const { config } = await getServices();
	return new Response(sitemapXml(config.origin), {
		headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'max-age=3600' }
	});
};
