import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { launchOptions } from '../../scripts/browser.mjs';
import { frameStyle } from './test/frame-style.js';

export default defineConfig({
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'sandbox:unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
					exclude: ['test/**/*.browser.spec.ts'],
					// Generous: a ceiling against hangs on a loaded machine, not a performance limit.
					testTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'sandbox:browser',
					include: ['test/**/*.browser.spec.ts'],
					// The sandbox itself runs in Node; the browser tests reach it over HTTP.
					globalSetup: ['test/global-setup.ts'],
					testTimeout: 120_000,
					browser: {
						enabled: true,
						headless: true,
						// Smaller than the headless window, so the tester iframe is not scaled: Playwright then
						// hit-tests clicks inside nested cross-origin frames (the 3-D Secure modal) correctly.
						viewport: { width: 1024, height: 640 },
						provider: playwright({ launchOptions }),
						instances: [{ browser: 'chromium' }],
						commands: { frameStyle }
					}
				}
			}
		]
	}
});
