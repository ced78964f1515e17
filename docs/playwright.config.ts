import { defineConfig, devices } from '@playwright/test';
import { launchOptions } from '../scripts/browser.mjs';

// The prerendered site (build/), served as static files by `vite preview`.
const port = Number(process.env.DOCS_PORT ?? 3335 + Number(process.env.E2E_PORT_OFFSET ?? 0));
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: './e2e',
	testMatch: '**/*.e2e.ts',
	forbidOnly: true,
	retries: 0,
	workers: 2,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: 'list',
	use: { ...devices['Desktop Chrome'], baseURL: origin, headless: true, launchOptions },
	webServer: {
		command: `vite preview --host 127.0.0.1 --port ${port} --strictPort`,
		url: `${origin}/`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
