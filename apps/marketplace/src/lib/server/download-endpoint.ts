import { buildBundleZip, type BundleSku } from './bundles.js';
import type { Db } from './db/index.js';
import { downloadRefusal } from './download-refusal.js';
import { consumeDownload, downloadStatus, releaseDownload } from './downloads.js';

export interface ServeDownloadOptions {
	db: Db;
	token: string;
	request: Request;
	/** Builds the ZIP. @default buildBundleZip */
	buildZip?: (sku: BundleSku) => Uint8Array;
	/** Bytes per chunk of the response body. @default 65536 */
	chunkSize?: number;
}

// Browsers announce speculative loads (link prefetch, speculation rules) with these headers.
const isPrefetch = (request: Request) =>
	/prefetch|prerender/i.test(
		`${request.headers.get('sec-purpose') ?? ''} ${request.headers.get('purpose') ?? ''}`
	);

/**
 * Serves a bundle ZIP and counts it only if the whole body was delivered:
 * - HEAD and prefetches answer without a body and count nothing;
 * - the ZIP is built before anything is counted, so a failed build answers 503 and counts nothing;
 * - one download is reserved by the atomic conditional UPDATE of `consumeDownload` before the
 *   first byte (so concurrent requests never exceed the cap, and the ones over it get the 410
 *   page at once), and given back by `releaseDownload` if the client goes away before the last byte.
 *
 * A server that dies mid-transfer keeps the reservation: that one download is lost, never gained.
 * @example export const GET = ({ params, request }) => serveDownload({ db, token: params.token, request });
 */
export async function serveDownload({
	db,
	token,
	request,
	buildZip = buildBundleZip,
	chunkSize = 65_536
}: ServeDownloadOptions): Promise<Response> {
	const status = await downloadStatus(db, token);
	if (!status) return downloadRefusal('unknown', request.method);
	if (status.state !== 'active') return downloadRefusal(status.state, request.method);
	if (request.method === 'HEAD' || isPrefetch(request)) {
		// A prefetched 200 could stand in for the real click later; 503 is simply dropped.
		if (request.method !== 'HEAD') return new Response(null, { status: 503, headers: noStore });
		return new Response(null, { headers: headersFor(status.bundleSku, status.remaining) });
	}

	let zip: Uint8Array;
	try {
		zip = buildZip(status.bundleSku as BundleSku);
	} catch (error) {
		console.error('download: building the ZIP failed', error);
		return downloadRefusal('unavailable');
	}

	const reserved = await consumeDownload(db, token);
	if (!reserved.ok) return downloadRefusal(reserved.reason);

	let offset = 0;
	let delivered = false;
	const body = new ReadableStream<Uint8Array>(
		{
			pull(controller) {
				// With a high-water mark of 0 a pull means "the client asked for more": once every
				// chunk has been taken, the next pull is the end of a complete transfer.
				if (offset >= zip.byteLength) {
					delivered = true;
					controller.close();
					return;
				}
				controller.enqueue(zip.slice(offset, offset + chunkSize));
				offset += chunkSize;
			},
			async cancel() {
				if (!delivered) await releaseDownload(db, token);
			}
		},
		{ highWaterMark: 0 }
	);
	return new Response(body, {
		headers: {
			...headersFor(reserved.bundleSku, reserved.remaining),
			'content-length': String(zip.byteLength)
		}
	});
}

const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/** `remaining`: downloads the link has left once this response is served. */
function headersFor(sku: string, remaining: number): Record<string, string> {
	return {
		...noStore,
		'content-type': 'application/zip',
		'content-disposition': `attachment; filename="${sku}.zip"`,
		'x-downloads-remaining': String(remaining)
	};
}
