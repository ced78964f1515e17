import { redirect } from '@sveltejs/kit';

/**
 * A same-site path to return to after signing in; anything else (another origin, `//host`,
 * a backslash trick) becomes `/account`.
 */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
		return '/account';
	}
	return next;
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
