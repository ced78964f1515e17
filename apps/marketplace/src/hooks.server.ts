import type { Handle, ServerInit } from '@sveltejs/kit';
import { setSecurityHeaders } from '$lib/server/security';
import { getServices } from '$lib/server/services';

// Open and migrate the database before the first request, so a broken set-up fails at start.
export const init: ServerInit = async () => {
	const { database } = await getServices();
	// adapter-node emits this once it has stopped taking requests (SIGTERM, SIGINT). Without it the
	// open pool (or PGlite) kept the process alive until it was killed, possibly mid-write.
	process.once('sveltekit:shutdown', () => void database.close());
};

export const handle: Handle = async ({ event, resolve }) => {
	const { config } = await getServices();
	event.locals.sandbox = config.sandbox;
	const response = await resolve(event);
	setSecurityHeaders(response.headers, config);
	return response;
};
