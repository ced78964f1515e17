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
		expect(pulled).toBeLessThan(20);
	});
});

describe('sha256Hex', () => {
	it('matches the well-known digest of "abc"', async () => {
		expect(await sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});
});
