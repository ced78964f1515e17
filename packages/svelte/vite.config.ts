import { sveltekit } from '@sveltejs/kit/vite';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { launchOptions } from '../../scripts/browser.mjs';

// A fresh object per project: Vitest names each browser instance after its project.
const browser = () => ({
	enabled: true,
	headless: true,
	provider: playwright({ launchOptions }),
	instances: [{ browser: 'chromium' as const }]
});

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		// Vitest's 5 s default assumes an idle machine; a loaded CI core (or Chromium starting next
		// to other suites) needs more. Tests still end as soon as they pass.
		testTimeout: 60_000,
		hookTimeout: 120_000,
		projects: [
			{
				extends: true,
				test: {
					name: 'svelte:unit',
					environment: 'node',
					include: ['src/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'svelte:browser',
					include: ['src/**/*.svelte.spec.ts'],
					// Starts @nobs-pay/sandbox for the checkout tests (they `inject('sandbox')`).
					globalSetup: ['src/lib/checkout/test/sandbox-setup.ts'],
					browser: browser()
				}
			},
			{
				extends: true,
				plugins: [
					storybookTest({
						configDir: fileURLToPath(new URL('./.storybook', import.meta.url)),
						storybookScript: 'pnpm storybook'
					})
				],
				test: {
					name: 'svelte:storybook',
					browser: browser(),
					setupFiles: ['.storybook/vitest.setup.ts']
				}
			}
		]
	}
});
