import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		// Stripe's origins for Stripe.js and Elements (docs.stripe.com/security/guide); SvelteKit
		// adds the hashes of its own inline scripts. In development src/hooks.server.ts adds the
		// sandbox's origin from the same variables the app reads.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'https://js.stripe.com', 'https://*.js.stripe.com'],
				'frame-src': [
					'self',
					'https://js.stripe.com',
					'https://*.js.stripe.com',
					'https://hooks.stripe.com'
				],
				'connect-src': ['self', 'https://api.stripe.com'],
				'img-src': ['self', 'data:'],
				// For the style attribute of SvelteKit's app.html (`<div style="display: contents">`).
				'style-src': ['self', 'unsafe-inline'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
