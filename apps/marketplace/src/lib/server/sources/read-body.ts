/** The largest ping or webhook body read: Gumroad's and Lemon Squeezy's orders are a few kB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The raw body as text (signatures are computed on it), counting bytes as they arrive: `undefined`
 * once it passes `maxBytes`, whatever its `content-length` says, without buffering the rest.
 */
export async function readBodyText(
	request: Request,
	maxBytes = MAX_BODY_BYTES
): Promise<string | undefined> {
	if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return undefined;
	const reader = request.body?.getReader();
	if (!reader) return '';
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
			size += chunk.value.byteLength;
			if (size > maxBytes) {
				await reader.cancel();
				return undefined;
			}
			chunks.push(chunk.value);
		}
	} catch {
		// The server's own limit (adapter-node's BODY_SIZE_LIMIT) ended the stream.
		return undefined;
	} finally {
		reader.releaseLock();
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The JSON answer of both endpoints: `{ ok, outcome }`, or `{ error: { code, message } }`. */
export const answer = (status: number, body: Record<string, unknown>) =>
	Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export const refusal = (status: number, code: string, message: string) =>
	answer(status, { error: { code, message } });
