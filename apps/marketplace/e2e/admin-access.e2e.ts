import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn, uniqueEmail } from './support/accounts';
import { ADMIN_API_TOKEN, ADMIN_EMAIL } from './support/env';
import { expect, test } from './support/fixtures';

const ROUTES = fileURLToPath(new URL('../src/routes/admin', import.meta.url));
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Route {
	/** A URL that reaches the route: `[param]` becomes `x`, `[...rest]` becomes `x/y`. */
	path: string;
	methods: string[];
	api: boolean;
}

/** Every page, form action and endpoint under src/routes/admin, read from the files themselves. */
function adminRoutes(folder = ROUTES): Route[] {
	const entries = readdirSync(folder, { withFileTypes: true });
	const files = new Set(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
	const segments = relative(join(ROUTES, '..'), folder)
		.split(sep)
		.filter((segment) => !/^\(.*\)$/.test(segment) && !/^\[\[.*\]\]$/.test(segment))
		.map((segment) =>
			segment.startsWith('[...') ? 'x/y' : segment.startsWith('[') ? 'x' : segment
		);
	const path = `/${segments.join('/')}`;
	const methods = new Set<string>();
	if (files.has('+page.svelte')) methods.add('GET');
	const read = (name: string) => (files.has(name) ? readFileSync(join(folder, name), 'utf8') : '');
	if (/export const actions\b/.test(read('+page.server.ts'))) methods.add('POST');
	for (const method of METHODS) {
		if (new RegExp(`export (const|(async )?function) ${method}\\b`).test(read('+server.ts'))) {
			methods.add(method);
		}
	}
	const own: Route[] = methods.size
		? [{ path, methods: [...methods], api: path.startsWith('/admin/api') }]
		: [];
	const children = entries
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) => adminRoutes(join(folder, entry.name)));
	return [...own, ...children];
}

const routes = adminRoutes();

/** A form post as a browser sends it: same origin, so SvelteKit's CSRF check lets it reach the hook. */
const send = (
	request: import('@playwright/test').APIRequestContext,
	baseURL: string,
	method: string,
	path: string,
	headers: Record<string, string> = {}
) =>
	request.fetch(path, {
		method,
		maxRedirects: 0,
		headers: {
			origin: baseURL,
			...(method === 'GET' ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
			...headers
		},
		data: method === 'GET' ? undefined : ''
	});

test('the route list is read from the files, and finds the pages, actions and endpoints', () => {
	const paths = routes.map((route) => route.path);
	expect(paths).toContain('/admin');
	expect(paths).toContain('/admin/audit');
	expect(routes.some((route) => route.api)).toBe(true);
});

test('a percent-encoded /admin path is refused like the plain one', async ({
	request,
	baseURL
}) => {
	// SvelteKit decodes %61 to `a` before matching routes, so these reach the admin's routes.
	const api = await send(request, baseURL!, 'GET', '/%61dmin/api/ping');
	expect(api.status()).toBe(401);
	const page = await send(request, baseURL!, 'GET', '/a%64min');
	expect(page.status()).toBe(303);
});

test('anonymous visitors: pages and actions 303 to sign-in, the admin API 401', async ({
	request,
	baseURL
}) => {
	for (const route of routes) {
		for (const method of route.methods) {
			const response = await send(request, baseURL!, method, route.path);
			const label = `${method} ${route.path}`;
			if (route.api) {
				expect(response.status(), label).toBe(401);
				expect((await response.json()).error.code, label).toBe('unauthorized');
			} else {
				expect(response.status(), label).toBe(303);
				expect(response.headers().location, label).toBe(
					`/sign-in?next=${encodeURIComponent(route.path)}`
				);
			}
		}
	}
	// A wrong token is no token.
	const api = routes.find((route) => route.api)!;
	const wrong = await send(request, baseURL!, 'GET', api.path, {
		authorization: `Bearer ${ADMIN_API_TOKEN}x`
	});
	expect(wrong.status()).toBe(401);
});

test('a signed-in account that is not an admin gets 403 everywhere under /admin', async ({
	page,
	baseURL
}) => {
	await signIn(page, uniqueEmail('not-admin'));
	for (const route of routes) {
		for (const method of route.methods) {
			const response = await send(page.request, baseURL!, method, route.path);
			expect(response.status(), `${method} ${route.path}`).toBe(403);
		}
	}
	await page.goto('/admin');
	await expect(page.getByRole('heading', { level: 1, name: 'Admins only' })).toBeVisible();
});

test('the admin signs in, comes back to the admin, and the API token opens the admin API only', async ({
	page,
	request,
	baseURL
}) => {
	await page.goto('/admin/audit');
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Faudit$/);
	await signIn(page, ADMIN_EMAIL, '/admin/audit');
	await expect(page).toHaveURL(/\/admin\/audit$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
	for (const route of routes.filter((route) => route.methods.includes('GET'))) {
		const response = await send(page.request, baseURL!, 'GET', route.path);
		expect([200, 404], `GET ${route.path}`).toContain(response.status());
	}
	const token = { authorization: `Bearer ${ADMIN_API_TOKEN}` };
	const ping = await send(request, baseURL!, 'GET', '/admin/api/ping', token);
	expect(ping.status()).toBe(200);
	expect(await ping.json()).toEqual({ actor: 'api-token' });
	const pageWithToken = await send(request, baseURL!, 'GET', '/admin', token);
	expect(pageWithToken.status()).toBe(303);
});
