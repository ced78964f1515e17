/**
 * Endpoints that authenticate by something other than the session cookie: Stripe's signature, an
 * API key, a licence key, or nothing (the health check). A request to them skips Better Auth's
 * session lookup and handler, which cost a webhook more than its signature check did.
 * Prefixes end with `/`, so `/api/v1x` is not `/api/v1/`.
 */
const COOKIE_FREE = {
	exact: new Set(['/api/stripe/webhook', '/api/licenses/validate', '/api/health']),
	prefixes: ['/api/v1/']
};

/**
 * Whether a request to `pathname` may carry a signed-in user: false for the endpoints above,
 * whose handlers never read `locals.user`, so nothing that relies on the session is skipped.
 */
export function usesSession(pathname: string): boolean {
	if (COOKIE_FREE.exact.has(pathname)) return false;
	return !COOKIE_FREE.prefixes.some((prefix) => pathname.startsWith(prefix));
}
