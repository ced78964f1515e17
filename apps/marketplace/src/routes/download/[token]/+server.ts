import { buildBundleZip } from '$lib/server/bundles';
import { downloadRefusal } from '$lib/server/download-refusal';
import { consumeDownload } from '$lib/server/downloads';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const { database } = await getServices();
	// One conditional UPDATE counts the download: concurrent requests cannot pass the cap.
	const result = await consumeDownload(database.db, params.token);
	if (!result.ok) return downloadRefusal(result.reason);

	// fflate returns a Uint8Array over a plain ArrayBuffer, which is what Response takes.
	const zip = buildBundleZip(result.bundleSku) as Uint8Array<ArrayBuffer>;
	return new Response(zip, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.byteLength),
			'content-disposition': `attachment; filename="${result.bundleSku}.zip"`,
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer',
			'x-downloads-remaining': String(result.remaining)
		}
	});
};
