import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		name: 'example',
		environment: 'node',
		include: ['src/**/*.spec.ts'],
		expect: { requireAssertions: true }
	}
});
