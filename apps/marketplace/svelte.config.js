import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		// The server tells the browser which route a link leads to (one small request per new path,
		// made while hovering, with preload-data) instead of every page shipping the whole route
		// table: the product page's JavaScript went from 47.3 to 45.0 kB gzip.
		router: { resolution: 'server' },
		// The stylesheets (the layout's is 21 kB, 4.4 kB gzip) go inside the page instead of being a
		// request the first paint waits for: one round trip less before a phone shows anything
		// (Lighthouse mobile on /: FCP 1.31 -> 1.14 s, LCP 1.81 -> 1.45 s). Each page carries them
		// again rather than taking them from the cache; rendered pages are gzipped (hooks.server.ts).
		inlineStyleThreshold: 25_000,
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
