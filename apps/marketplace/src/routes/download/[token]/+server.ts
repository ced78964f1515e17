import { serveDownload } from '$lib/server/download-endpoint';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

// The ZIP counts as one of the link's downloads only once its last byte is taken: HEAD, prefetches,
// failed builds and interrupted transfers count nothing. POST is what the status page's button sends.
const download: RequestHandler = async ({ params, request }) => {
	const { database } = await getServices();
	return serveDownload({ db: database.db, token: params.token, request });
};

export const GET = download;
export const HEAD = download;
export const POST = download;
