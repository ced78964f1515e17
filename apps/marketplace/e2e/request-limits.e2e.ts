import { request as httpRequest } from 'node:http';
import { errorBodySchema, expect, test } from './support/fixtures';
import { appOrigin } from './support/env';

/**
 * POSTs `size` bytes of JSON with `Transfer-Encoding: chunked` (no Content-Length), as a raw
 * client would, and resolves with the answer, or with the socket error (a reset) instead.
 */
function postChunked(url: URL, size: number): Promise<{ status: number; body: string } | Error> {
	return new Promise((resolve) => {
		const request = httpRequest(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'transfer-encoding': 'chunked',
				origin: url.origin
			}
		});
		request.on('response', (response) => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk));
			response.on('end', () => {
				resolve({ status: response.statusCode ?? 0, body });
				request.destroy();
			});
		});
		request.on('error', resolve);
		const chunk = Buffer.alloc(16 * 1024, 'a');
		let sent = 0;
		const write = () => {
			while (sent < size) {
				sent += chunk.length;
				if (!request.write(chunk)) return void request.once('drain', write);
			}
			request.end('"}');
		};
		request.write('{"items":"');
		write();
	});
}

for (const path of ['/api/checkout', '/api/subscribe']) {
	// 200 kB passes the app's 64 kB limit; 2 MB also passes adapter-node's BODY_SIZE_LIMIT (512 kB).
	for (const size of [200_000, 2_000_000]) {
		test(`a chunked ${size / 1000} kB body to ${path} gets 413, not a connection reset`, async ({
			stack
		}) => {
			const answer = await postChunked(new URL(path, appOrigin(stack)), size);
			if (answer instanceof Error) throw answer;
			expect(answer.status).toBe(413);
			expect(errorBodySchema.parse(JSON.parse(answer.body)).error.code).toBe('body_too_large');
		});
	}
}
