/**
 * SvelteKit's cross-site form check, moved into the server hook so one route can be exempt.
 * SvelteKit refuses a form-encoded POST whose `Origin` is not the app's, and a server-to-server
 * POST has no `Origin` at all: Gumroad's Ping (form-encoded, by design) would always get 403.
 * `svelte.config.js` turns SvelteKit's own check off; this applies the same rule to every other
 * path, unchanged.
 */

/** Content types a browser form can send cross-site without a preflight (SvelteKit's list). */
const formTypes = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Paths that take form posts from other servers: each authenticates the sender itself (the Ping
 * URL holds a secret), and no cookie grants anything there.
 */
const serverToServerForms = ['/api/gumroad/ping/'];

/**
 * A 403 for a cross-site form submission, as SvelteKit answers it; undefined when the request may
 * pass.
 * @example const refused = refuseCrossSiteForm(event.request, event.url); if (refused) return refused;
 */
export function refuseCrossSiteForm(request: Request, url: URL): Response | undefined {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	if (!formTypes.has(type) || !unsafeMethods.has(request.method)) return undefined;
	if (request.headers.get('origin') === url.origin) return undefined;
	if (serverToServerForms.some((path) => url.pathname.startsWith(path))) return undefined;
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	return request.headers.get('accept') === 'application/json'
		? Response.json({ message }, { status: 403 })
		: new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
}
