import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { constants, createGzip } from 'node:zlib';

/**
 * Pages that show nobody's secrets: the catalogue, search, checkout (its client secret arrives
 * later, by fetch) and the legal pages. Only these are compressed. A compressed page that shows a
 * secret (a license key, a download or ticket link, an account) beside text an attacker can put
 * in it lets the response's size reveal the secret a byte at a time (BREACH), so those pages go
 * out uncompressed: they are small and seldom the first page a shopper opens.
 */
const PUBLIC_PAGES =
	/^\/(?:|products\/[^/]+|search|checkout|about|contact|terms|privacy|refund-policy|docs(?:\/.*)?)$/;

/** Whether the page at `pathname` is one `gzipPage` may compress (see PUBLIC_PAGES). */
export const isPublicPage = (pathname: string): boolean => PUBLIC_PAGES.test(pathname);

/**
 * A rendered public page, gzipped when the browser accepts it. adapter-node compresses the static files
 * when it builds them, not the pages it renders: a home page went out as 26 kB of HTML instead of
 * about 6 kB, a few more round trips on a phone before the first paint. Each chunk is flushed as
 * it comes, so a page that streams (a promise still pending in `load`) still streams.
 */
export function gzipPage(request: Request, response: Response): Response {
	if (
		!response.body ||
		response.headers.has('content-encoding') ||
		!response.headers.get('content-type')?.startsWith('text/html') ||
		!acceptsGzip(request.headers.get('accept-encoding'))
	) {
		return response;
	}
	const gzip = createGzip({ flush: constants.Z_SYNC_FLUSH });
	const body = Readable.fromWeb(response.body as NodeReadableStream).pipe(gzip);
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.append('vary', 'Accept-Encoding');
	headers.delete('content-length');
	return new Response(Readable.toWeb(body) as ReadableStream, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/** Whether an Accept-Encoding header lists gzip (or `*`) without `q=0`. */
export function acceptsGzip(header: string | null): boolean {
	return (header ?? '').split(',').some((part) => {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
		return (name === 'gzip' || name === '*') && !refused;
	});
}
