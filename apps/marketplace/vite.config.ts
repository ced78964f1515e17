import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'marketplace:unit',
					environment: 'node',
					include: ['src/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts'],
					// Database suites start PGlite (a WASM Postgres) per test file; the first start
					// compiles the module, which takes a few seconds on a shared CI core.
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
