import { describe, expect, it } from 'vitest';
import { refuseCrossSiteForm } from './csrf.js';

const origin = 'https://shop.example';
const post = (path: string, headers: Record<string, string>, method = 'POST') =>
	new Request(new URL(path, origin), { method, headers, body: 'a=1' });

describe('refuseCrossSiteForm', () => {
	it('refuses a form post from another origin, or from none, as SvelteKit does', async () => {
		const cases: Record<string, string>[] = [
			{ 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
			{ 'content-type': 'multipart/form-data; boundary=x' },
			{ 'content-type': 'text/plain', origin: 'null' }
		];
		for (const headers of cases) {
			const request = post('/account/api/keys', headers);
			const refused = refuseCrossSiteForm(request, new URL(request.url));
			expect(refused?.status).toBe(403);
			expect(await refused?.text()).toBe('Cross-site POST form submissions are forbidden');
		}
	});

	it('lets same-origin forms, JSON and safe methods pass', () => {
		const cases = [
			post('/account', { 'content-type': 'application/x-www-form-urlencoded', origin }),
			post('/api/checkout', { 'content-type': 'application/json' }),
			new Request(`${origin}/account`, { headers: { 'content-type': 'text/plain' } })
		];
		for (const request of cases) {
			expect(refuseCrossSiteForm(request, new URL(request.url))).toBeUndefined();
		}
	});

	it('lets only the Gumroad Ping path take form posts from a server', () => {
		const headers = { 'content-type': 'application/x-www-form-urlencoded' };
		const ping = post('/api/gumroad/ping/secret', headers);
		expect(refuseCrossSiteForm(ping, new URL(ping.url))).toBeUndefined();
		const near = post('/api/gumroad/pingx', headers);
		expect(refuseCrossSiteForm(near, new URL(near.url))?.status).toBe(403);
	});

	it('refuses what SvelteKit refuses: any case of the type, every unsafe method, every path', () => {
		const evil = 'https://evil.example';
		const cases: [string, string, string][] = [
			['POST', '/api/auth/sign-out', 'Application/X-WWW-Form-Urlencoded'],
			['PUT', '/account', 'text/plain;charset=UTF-8'],
			['PATCH', '/admin/api/ping', 'multipart/form-data; boundary=x'],
			['DELETE', '/admin', 'application/x-sveltekit-formdata'],
			['POST', '/api/gumroad/ping', 'application/x-www-form-urlencoded'],
			['POST', '/api/gumroad/%70ing/secret', 'application/x-www-form-urlencoded']
		];
		for (const [method, path, type] of cases) {
			const request = post(path, { 'content-type': type, origin: evil }, method);
			expect(refuseCrossSiteForm(request, new URL(request.url))?.status, `${method} ${path}`).toBe(
				403
			);
		}
	});
});
