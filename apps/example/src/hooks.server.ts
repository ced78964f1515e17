import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import type { Handle } from '@sveltejs/kit';

// Where the browser meets the payment provider besides Stripe's own origins (svelte.config.js):
// the sandbox's API and Stripe.js stand-in in development, nothing in production, where
// STRIPE_API_BASE is unset and PUBLIC_STRIPE_JS_URL is on js.stripe.com.
const providerOrigins = [env.STRIPE_API_BASE, publicEnv.PUBLIC_STRIPE_JS_URL]
	.filter((url): url is string => Boolean(url))
	.map((url) => new URL(url).origin);
const directives = ['script-src', 'frame-src', 'connect-src'];

/** Adds the provider's origins to the policy SvelteKit generated for a page. */
export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const policy = response.headers.get('content-security-policy');
	if (policy) {
		const extended = policy
			.split(';')
			.map((directive) => directive.trim())
			.map((directive) =>
				directives.includes(directive.split(' ')[0] ?? '')
					? [directive, ...providerOrigins].join(' ')
					: directive
			)
			.join('; ');
		response.headers.set('content-security-policy', extended);
	}
	return response;
};
