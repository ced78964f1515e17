import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, gzipPage, isPublicPage } from './compress.js';

const html = '<!doctype html><p>' + 'A cart, a checkout. '.repeat(200) + '</p>';
const page = (type = 'text/html') =>
	new Response(html, { headers: { 'content-type': type, 'content-length': String(html.length) } });
const request = (encoding?: string) =>
	new Request('http://localhost/', { headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('gzipPage', () => {
	it('gzips a page for a browser that accepts gzip, and the bytes decode to the page', async () => {
		const response = gzipPage(request('gzip, deflate, br'), page());
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toContain('Accept-Encoding');
		expect(response.headers.has('content-length')).toBe(false);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(bytes.length).toBeLessThan(html.length / 4);
		expect(gunzipSync(bytes).toString()).toBe(html);
	});

	it('leaves the page as it is without gzip in Accept-Encoding, or for what is not HTML', async () => {
		for (const [encoding, type] of [
			[undefined, 'text/html'],
			['br', 'text/html'],
			['gzip;q=0', 'text/html'],
			['gzip', 'application/json']
		] as const) {
			const response = gzipPage(request(encoding), page(type));
			expect(response.headers.has('content-encoding')).toBe(false);
			expect(await response.text()).toBe(html);
		}
	});
});

describe('acceptsGzip', () => {
	it('reads the listed encodings and their weights', () => {
		expect(acceptsGzip('gzip')).toBe(true);
		expect(acceptsGzip('br, GZIP;q=0.5')).toBe(true);
		expect(acceptsGzip('*')).toBe(true);
		expect(acceptsGzip('gzip;q=0')).toBe(false);
		expect(acceptsGzip('identity')).toBe(false);
		expect(acceptsGzip(null)).toBe(false);
	});
});

describe('isPublicPage', () => {
	it('compresses the catalogue, search, checkout and legal pages, never a page that can show a secret', () => {
		for (const path of ['/', '/products/bundle-professional', '/search', '/checkout', '/terms']) {
			expect(isPublicPage(path), path).toBe(true);
		}
		for (const path of [
			'/orders/ord_1',
			'/download/abc',
			'/downloads',
			'/account',
			'/account/api',
			'/support/T-ABC123',
			'/admin',
			'/sign-in',
			'/products/a/b'
		]) {
			expect(isPublicPage(path), path).toBe(false);
		}
	});
});
