import { describe, expect, it } from 'vitest';
import { HttpError, readJson, sha256Hex, timingSafeEqual } from './http.js';

describe('timingSafeEqual', () => {
	it('is true only for identical strings', () => {
		expect(timingSafeEqual('pi_1_secret_abc', 'pi_1_secret_abc')).toBe(true);
		expect(timingSafeEqual('pi_1_secret_abc', 'pi_1_secret_abd')).toBe(false);
		expect(timingSafeEqual('pi_1_secret_abc', 'pi_1_secret_ab')).toBe(false);
		expect(timingSafeEqual('', 'x')).toBe(false);
		expect(timingSafeEqual('', '')).toBe(true);
		expect(timingSafeEqual('é', 'e')).toBe(false);
	});
});

describe('readJson', () => {
	const request = (body: string, headers: Record<string, string> = {}) =>
		new Request('https://shop.example/api', { method: 'POST', body, headers });

	it('parses JSON and refuses what is not JSON', async () => {
		expect(await readJson(request('{"a":1}'))).toEqual({ a: 1 });
		await expect(readJson(request('{"a":'))).rejects.toMatchObject({
			status: 400,
			code: 'invalid_json'
		});
	});

	it('refuses a body over the limit, by its declared length or its content', async () => {
		await expect(readJson(request('{}', { 'content-length': '70000' }), 1000)).rejects.toThrow(
			HttpError
		);
		await expect(readJson(request(JSON.stringify('x'.repeat(2000))), 1000)).rejects.toMatchObject({
			status: 413,
			code: 'body_too_large'
		});
	});

	it('stops reading a streamed body without a length once it passes the limit', async () => {
		let pulled = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled += 1;
				controller.enqueue(new Uint8Array(512).fill(32));
			}
		});
		const streamed = new Request('https://shop.example/api', {
			method: 'POST',
			body: endless,
			duplex: 'half'
		} as RequestInit);
		await expect(readJson(streamed, 4096)).rejects.toMatchObject({ status: 413 });
		// The limit, then at most 1 MiB read and dropped so the connection stays usable.
		expect(pulled).toBeLessThan((4096 + 1024 * 1024) / 512 + 2);
	});

	it('reads an oversized body to its end rather than cancelling it, so Node can answer the 413', async () => {
		let cancelled = false;
		let left = 64;
		const finite = new ReadableStream<Uint8Array>({
			pull: (controller) => {
				if (left-- > 0) controller.enqueue(new Uint8Array(1024).fill(32));
				else controller.close();
			},
			cancel: () => {
				cancelled = true;
			}
		});
		const streamed = new Request('https://shop.example/api', {
			method: 'POST',
			body: finite,
			duplex: 'half'
		} as RequestInit);
		await expect(readJson(streamed, 4096)).rejects.toMatchObject({ status: 413 });
		expect(cancelled).toBe(false);
		expect(left).toBe(-1);
	});

	it("answers 413 body_too_large when the server's own body limit ends the stream", async () => {
		const limited = new ReadableStream<Uint8Array>({
			start: (controller) =>
				controller.error(Object.assign(new Error('Too large'), { status: 413 }))
		});
		const streamed = new Request('https://shop.example/api', {
			method: 'POST',
			body: limited,
			duplex: 'half'
		} as RequestInit);
		await expect(readJson(streamed)).rejects.toMatchObject({
			status: 413,
			code: 'body_too_large'
		});
	});
});

describe('sha256Hex', () => {
	it('matches the well-known digest of "abc"', async () => {
		expect(await sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});
});
