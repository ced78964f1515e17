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
					// Database suites start PGlite (a WASM Postgres) per test file and migrate it: a few
					// seconds idle, over 30 s with the machine loaded (load 12 on 2 cores failed a
					// migration test at 30 s). These are ceilings against hangs, not speed limits.
					testTimeout: 180_000,
					hookTimeout: 300_000
				}
			}
		]
	}
});
