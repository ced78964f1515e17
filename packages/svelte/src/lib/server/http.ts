// Small Web-standard helpers shared by the server handlers. Only the types and `HttpError` are
// exported from the package.

/**
 * What SvelteKit passes a `+server.ts` handler (a `RequestEvent`), reduced to the one field the
 * helpers themselves read. Structural, so the server entry never imports `@sveltejs/kit`.
 */
export interface RequestEventLike {
	request: Request;
}

/**
 * A handler made by one of the `create*Handler` helpers. It takes SvelteKit's `RequestEvent`, so
 * it is a valid `RequestHandler` (`export const POST: RequestHandler = create…Handler(…)`), and
 * hands that event to your hooks (`resolveOrder`, `getCustomerId`…), which can read `locals` and
 * `cookies`. `Event` is inferred from the `RequestHandler` annotation. While the hooks need no
 * more than `{ request }` (the default), a plain `Request` is accepted too, for other frameworks
 * and tests.
 */
export type EndpointHandler<Event extends RequestEventLike = RequestEventLike> = (
	input: Event | (RequestEventLike extends Event ? Request : never)
) => Promise<Response>;

/** Finds the signed-in customer's Stripe id for a request event; null when signed out. */
export type CustomerIdOf<Event extends RequestEventLike = RequestEventLike> = (
	event: Event
) => Promise<string | null | undefined> | string | null | undefined;

/**
 * The event a handler was called with; a plain `Request` becomes `{ request }`, which is all the
 * hooks of a handler typed for plain Requests can read. Told apart by shape, not class.
 */
export function eventOf<Event extends RequestEventLike>(input: Event | Request): Event {
	const event = input as Partial<RequestEventLike>;
	if (typeof event.request === 'object' && event.request !== null) return input as Event;
	return { request: input as Request } as Event;
}

/** The error body every handler answers with: `{ error: { code, message } }`. */
export interface ErrorBody {
	error: { code: string; message: string };
}

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
	return new Response(JSON.stringify(data), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});
}

export function errorResponse(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>
): Response {
	const body: ErrorBody = { error: { code, message } };
	return json(body, status, headers);
}

/** An answer to the client, thrown from deep inside a handler; its message is safe to show. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'HttpError';
	}

	toResponse(): Response {
		return errorResponse(this.status, this.code, this.message);
	}
}

/**
 * How much of an oversized body is still read, and dropped, before the 413. A server that leaves
 * a body unread cannot reuse the connection: on Node the client's next request on it waited for
 * the keep-alive timeout and met a reset, and cancelling the stream reset it at once. Past this,
 * the stream is cancelled anyway (adapter-node's BODY_SIZE_LIMIT usually ends it sooner).
 */
const DRAIN_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON body, counting bytes as they arrive: a body over `maxBytes` is refused
 * without being buffered or parsed, whatever its `content-length` says (a chunked body has none).
 */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes) throw tooLarge(maxBytes);
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body?.getReader();
	try {
		for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
			size += chunk.value.byteLength;
			if (size > maxBytes + DRAIN_BYTES) {
				await reader?.cancel();
				break;
			}
			if (size <= maxBytes) chunks.push(chunk.value);
		}
	} catch (error) {
		// The server's own limit (adapter-node's BODY_SIZE_LIMIT) ends the stream with a 413.
		if (statusOf(error) === 413) throw tooLarge(maxBytes);
		throw error;
	} finally {
		reader?.releaseLock();
	}
	if (size > maxBytes) throw tooLarge(maxBytes);
	const bytes = new Uint8Array(size);
	chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.byteLength), 0);
	try {
		return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
	} catch {
		throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
	}
}

const statusOf = (error: unknown): unknown =>
	typeof error === 'object' && error !== null && 'status' in error ? error.status : undefined;

function tooLarge(maxBytes: number): HttpError {
	return new HttpError(413, 'body_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/** Hex SHA-256 with Web Crypto, so it runs on Node and edge runtimes alike. */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Compares two strings in time that does not depend on where they differ, so a client secret
 * cannot be guessed byte by byte from response times. The length may leak; it is not secret.
 */
export function timingSafeEqual(a: string, b: string): boolean {
	const left = new TextEncoder().encode(a);
	const right = new TextEncoder().encode(b);
	let difference = left.length ^ right.length;
	for (let i = 0; i < left.length; i++) difference |= left[i]! ^ (right[i % right.length] ?? 0);
	return difference === 0;
}
