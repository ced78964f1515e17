import { env } from '$env/dynamic/private';
import { createPortalSessionHandler } from '@nobs-pay/svelte/server';
import { stripe } from '$lib/server/stripe';
import type { RequestHandler } from './$types';

// The hooks receive SvelteKit's RequestEvent: the customer comes from your session
// (`locals`, set by your sign-in in hooks.server.ts), never from the request body.
export const POST: RequestHandler = createPortalSessionHandler({
	stripe,
	getCustomerId: ({ locals }) => locals.customerId ?? null,
	returnUrl: ({ url }) => new URL('/', env.ORIGIN ?? url.origin).href
});
