import { defineConfig, devices } from '@playwright/test';
import {
	GUMROAD_PERMALINK,
	GUMROAD_SELLER,
	LEMONSQUEEZY_STORE,
	LEMONSQUEEZY_VARIANT
} from './src/lib/server/sources/fixtures';
import { launchOptions } from '../../scripts/browser.mjs';
import {
	ADMIN_API_TOKEN,
	ADMIN_EMAIL,
	appOrigin,
	GUMROAD_PING_SECRET,
	LEMONSQUEEZY_SIGNING_SECRET,
	SANDBOX_SECRET_KEY,
	stacks,
	WEBHOOK_SECRET,
	type Stack,
	type StackOptions
} from './e2e/support/env';

// The `postgres` project runs the same tests against a PostgreSQL server. It exists only when
// DATABASE_URL is set (CI sets it), rather than being skipped: CI fails on any skipped test, and
// on a laptop without PostgreSQL the PGlite project alone is the complete run.
const enabled: Stack[] = [stacks.pglite, ...(process.env.DATABASE_URL ? [stacks.postgres] : [])];

export default defineConfig<StackOptions>({
	testDir: './e2e',
	testMatch: '**/*.e2e.ts',
	forbidOnly: true,
	retries: 0,
	// Two cores: two workers, whose browsers share them with both projects' servers.
	workers: 2,
	// Ceilings against hangs, not speed limits: every wait in the tests polls for readiness, and a
	// loaded CI machine (or eight suites on two cores) makes a page or an app start take minutes.
	timeout: 180_000,
	expect: { timeout: 30_000 },
	reporter: 'list',
	use: {
		...devices['Desktop Chrome'],
		headless: true,
		launchOptions,
		trace: 'retain-on-failure'
	},
	projects: enabled.map((stack) => ({
		name: stack.driver,
		use: { baseURL: appOrigin(stack), stack }
	})),
	webServer: enabled.map((stack) => ({
		command: `node scripts/e2e-server.mjs ${stack.driver}`,
		url: `${appOrigin(stack)}/`,
		reuseExistingServer: false,
		// SIGTERM rather than Playwright's default SIGKILL, so e2e-server.mjs can remove the database.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
		timeout: 300_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(stack.appPort),
			SANDBOX_PORT: String(stack.sandboxPort),
			SANDBOX_SECRET_KEY,
			ORIGIN: appOrigin(stack),
			STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
			ADMIN_EMAILS: ADMIN_EMAIL,
			ADMIN_API_TOKEN,
			GUMROAD_PING_SECRET,
			GUMROAD_SELLER_ID: GUMROAD_SELLER,
			GUMROAD_PRODUCTS: `${GUMROAD_PERMALINK}=bundle-starter`,
			LEMONSQUEEZY_SIGNING_SECRET,
			LEMONSQUEEZY_STORE_ID: String(LEMONSQUEEZY_STORE),
			LEMONSQUEEZY_VARIANTS: `${LEMONSQUEEZY_VARIANT}=bundle-professional`,
			// Every test calls from 127.0.0.1: rate-limits.e2e.ts starts its own app with low limits.
			RATE_LIMIT_CHECKOUT: '10000',
			RATE_LIMIT_LICENSES: '10000',
			RATE_LIMIT_SIGN_IN: '10000',
			RATE_LIMIT_SUPPORT: '10000'
		}
	}))
});
