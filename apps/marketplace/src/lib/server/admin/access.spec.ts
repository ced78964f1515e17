import { describe, expect, it } from 'vitest';
import { decideAdmin, isAdminCaller, isAdminPath } from './access';

const config = {
	admin: { emails: new Set(['founder@shop.dev']), apiToken: 'x'.repeat(40) }
};
const user = (email: string) => ({ id: 'u1', email, name: '' });
const ask = (path: string, who: ReturnType<typeof user> | null, authorization?: string) =>
	decideAdmin(
		new Request(`http://shop.test${path}`, { headers: authorization ? { authorization } : {} }),
		new URL(`http://shop.test${path}`),
		who,
		config
	);
const status = (decision: ReturnType<typeof ask>) =>
	'response' in decision ? decision.response.status : 200;

describe('decideAdmin', () => {
	it('lets an admin through whatever the case of the address', () => {
		expect(ask('/admin', user('Founder@Shop.dev'))).toEqual({
			admin: { actor: 'Founder@Shop.dev', via: 'session' }
		});
	});

	it('sends anonymous page visitors to sign-in and back, with the query kept', () => {
		const decision = ask('/admin/customers?q=ann', null);
		expect(status(decision)).toBe(303);
		if ('response' in decision) {
			expect(decision.response.headers.get('location')).toBe(
				'/sign-in?next=%2Fadmin%2Fcustomers%3Fq%3Dann'
			);
		}
	});

	it('answers 403 to a signed-in non-admin, on pages and the API', () => {
		expect(status(ask('/admin', user('buyer@example.com')))).toBe(403);
		expect(status(ask('/admin/api/metrics', user('buyer@example.com')))).toBe(403);
	});

	it('accepts the bearer token on the admin API only, and refuses a near miss', () => {
		const token = `Bearer ${'x'.repeat(40)}`;
		expect(ask('/admin/api/metrics', null, token)).toEqual({
			admin: { actor: 'api-token', via: 'token' }
		});
		expect(status(ask('/admin', null, token))).toBe(303);
		expect(status(ask('/admin/api/metrics', null, `Bearer ${'x'.repeat(39)}`))).toBe(401);
		expect(status(ask('/admin/api/metrics', null, `Basic ${'x'.repeat(40)}`))).toBe(401);
	});

	it('has no token at all when ADMIN_API_TOKEN is unset', () => {
		const closed = { admin: { emails: new Set<string>(), apiToken: undefined } };
		const request = new Request('http://shop.test/admin/api/x', {
			headers: { authorization: 'Bearer ' }
		});
		const decision = decideAdmin(request, new URL(request.url), null, closed);
		expect('response' in decision && decision.response.status).toBe(401);
	});

	it('sees a percent-encoded /admin as SvelteKit routes it', () => {
		// SvelteKit decodes the path before matching routes: /%61dmin/api/ping runs /admin/api/ping.
		for (const path of ['/%61dmin', '/%61dmin/api/ping', '/admin/%61pi/x', '/a%64min/audit']) {
			expect(isAdminPath(path)).toBe(true);
		}
		expect(status(ask('/%61dmin/api/ping', null))).toBe(401);
		expect(status(ask('/admin/%61pi/ping', null, `Bearer ${'x'.repeat(40)}`))).toBe(200);
		// %2F stays a character of one segment for SvelteKit, as it does here.
		expect(isAdminPath('/admin%2Fapi')).toBe(false);
		expect(isAdminPath('/administrator')).toBe(false);
	});
});

describe('isAdminCaller', () => {
	const request = (authorization?: string) =>
		new Request('http://shop.test/readyz', { headers: authorization ? { authorization } : {} });

	it('knows an admin by session or by the exact token, and nobody else', () => {
		expect(isAdminCaller(request(), user('Founder@Shop.dev'), config)).toBe(true);
		expect(isAdminCaller(request(`Bearer ${'x'.repeat(40)}`), null, config)).toBe(true);
		expect(isAdminCaller(request(`Bearer ${'x'.repeat(39)}`), null, config)).toBe(false);
		expect(isAdminCaller(request(), user('buyer@example.com'), config)).toBe(false);
		expect(isAdminCaller(request(), null, config)).toBe(false);
	});
});
