import { timingSafeEqual, createHash } from 'node:crypto';
import { json } from '@sveltejs/kit';
import type { Config } from '../config.js';
import { signInPath } from '../accounts/guard.js';

/** Who acts in the admin: a signed-in admin's email, or the API token. Written to the audit log. */
export interface Admin {
	actor: string;
	via: 'session' | 'token';
}

/**
 * The path as SvelteKit matches it against routes: percent-escapes decoded except `%25` and the
 * reserved characters (`%2F` stays inside one segment). `event.url.pathname` keeps them, so
 * `/%61dmin` would otherwise reach the `/admin` routes without being seen as `/admin` here.
 * Undefined for a malformed escape, which SvelteKit routes nowhere.
 */
function routedPath(pathname: string): string | undefined {
	try {
		return pathname.split('%25').map(decodeURI).join('%25');
	} catch {
		return undefined;
	}
}

const isUnder = (pathname: string, prefix: string) => {
	const path = routedPath(pathname);
	return path === prefix || !!path?.startsWith(`${prefix}/`);
};

/** True for `/admin` and everything under it, however its path is percent-encoded. */
export const isAdminPath = (pathname: string) => isUnder(pathname, '/admin');

const isAdminApiPath = (pathname: string) => isUnder(pathname, '/admin/api');

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The bearer token compared in constant time: both sides are hashed first, so neither the
 * comparison nor an early length check tells how much of a guess was right.
 */
function tokenMatches(header: string | null, token: string | undefined): boolean {
	if (!token || !header?.startsWith('Bearer ')) return false;
	return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}

/**
 * For routes outside `/admin` that tell admins more than anyone else (`/readyz`): a signed-in
 * admin, or a request with `Authorization: Bearer <ADMIN_API_TOKEN>`.
 */
export function isAdminCaller(
	request: Request,
	user: App.Locals['user'],
	config: Pick<Config, 'admin'>
): boolean {
	if (tokenMatches(request.headers.get('authorization'), config.admin.apiToken)) return true;
	return user !== null && config.admin.emails.has(user.email.toLowerCase());
}

export type AdminDecision = { admin: Admin } | { response: Response };

/**
 * Who may pass under `/admin`. Decided in the server hook for every request there (pages, form
 * actions, endpoints), so a route added later is guarded without remembering to be.
 * - anonymous visitors of a page: 303 to sign-in, coming back afterwards;
 * - `/admin/api/*` without credentials: 401 (JSON); with `Authorization: Bearer <ADMIN_API_TOKEN>`: passes;
 * - a signed-in account whose email is not in `ADMIN_EMAILS`: 403.
 */
export function decideAdmin(
	request: Request,
	url: URL,
	user: App.Locals['user'],
	config: Pick<Config, 'admin'>
): AdminDecision {
	const api = isAdminApiPath(url.pathname);
	if (api && tokenMatches(request.headers.get('authorization'), config.admin.apiToken)) {
		return { admin: { actor: 'api-token', via: 'token' } };
	}
	if (user && config.admin.emails.has(user.email.toLowerCase())) {
		return { admin: { actor: user.email, via: 'session' } };
	}
	if (api) {
		return user
			? {
					response: json({ error: { code: 'forbidden', message: 'Admins only.' } }, { status: 403 })
				}
			: {
					response: json(
						{
							error: {
								code: 'unauthorized',
								message: 'Sign in as an admin or send the admin API token.'
							}
						},
						{ status: 401, headers: { 'www-authenticate': 'Bearer' } }
					)
				};
	}
	if (!user) {
		return {
			response: new Response(null, {
				status: 303,
				headers: { location: signInPath(url.pathname + url.search) }
			})
		};
	}
	return { response: forbiddenPage(user.email) };
}

const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A plain page rather than the app's error page: it is answered before any route code runs. */
function forbiddenPage(email: string): Response {
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Admins only · NOBS Pay</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#1d4ed8}</style>
</head><body><main><h1>Admins only</h1>
<p>You are signed in as <strong>${escapeHtml(email)}</strong>, which is not one of this shop's admins.</p>
<p><a href="/account">Your account</a> · <a href="/">Home</a></p></main></body></html>`;
	return new Response(html, {
		status: 403,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
	});
}
