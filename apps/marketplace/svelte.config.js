import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		router: { resolution: 'server' },
		// Applied in hooks.server.ts instead (src/lib/server/csrf.ts), with the same rule, so that
		// Gumroad's Ping, a form-encoded POST from a server with no Origin, can reach its route.
		csrf: { trustedOrigins: ['*'] },
		// SvelteKit hashes its inline scripts into this policy; hooks.server.ts adds the payment
		// provider's origins (Stripe's, or the sandbox's) from the configuration.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'frame-src': ['self'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none'],
				'frame-ancestors': ['none']
			}
		}
	}
};
