import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from '../../scripts/browser.mjs';

// The built app (`node build`) against the sandbox, started by the same script as `pnpm start`.
const port = Number(process.env.EXAMPLE_PORT ?? 3330 + Number(process.env.E2E_PORT_OFFSET ?? 0));
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: './e2e',
	testMatch: '**/*.e2e.ts',
	forbidOnly: true,
	retries: 0,
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	use: { ...devices['Desktop Chrome'], baseURL: origin, headless: true, launchOptions },
	webServer: {
		command: 'node scripts/with-sandbox.mjs node build',
		url: `${origin}/`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: { PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin }
	}
});
