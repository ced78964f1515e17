import { redirect } from '@sveltejs/kit';

const BASE = 'https://this.site';

/**
 * A same-site path to return to after signing in; anything else (another origin, `//host`, a
 * backslash or control-character trick that browsers strip into `//host`) becomes `/account`.
 * The path is parsed as a browser would parse it, then only its path, query and hash are kept.
 */
export function safeNext(next: string | null | undefined): string {
	// eslint-disable-next-line no-control-regex
	if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/account';
	const url = new URL(next, BASE);
	return url.origin === BASE ? url.pathname + url.search + url.hash : '/account';
}

/** The sign-in page that returns to `path` afterwards. */
export const signInPath = (path: string) => `/sign-in?next=${encodeURIComponent(safeNext(path))}`;

/**
 * The signed-in user and their account, or a 303 to sign-in that comes back to this page.
 * @example const { user, accountId } = requireUser(locals, url);
 */
export function requireUser(locals: App.Locals, url: URL) {
	if (!locals.user || !locals.accountId) redirect(303, signInPath(url.pathname + url.search));
	return { user: locals.user, accountId: locals.accountId };
}
