/**
 * Fixed addresses and secrets of the end-to-end runs, shared by playwright.config.ts and the
 * tests. Each Playwright project gets its own app and sandbox ports, so both projects can run at
 * once; ports 3100 and 12200 are left free for a marketplace started by hand.
 */
export const WEBHOOK_SECRET = 'whsec_nobs_e2e_fixed_secret';

/** The secret key the end-to-end sandboxes are started with, so tests can call them too. */
export const SANDBOX_SECRET_KEY = 'sk_test_e2e';

/** The shop's admin in the end-to-end runs (`ADMIN_EMAILS`), and the admin API's bearer token. */
export const ADMIN_EMAIL = 'founder@example.com';
export const ADMIN_API_TOKEN = 'admin_e2e_token_that_is_long_enough_0123456789';

export type Driver = 'pglite' | 'postgres';

export interface Stack {
	driver: Driver;
	appPort: number;
	sandboxPort: number;
}

/** Shifts every port, so two checkouts on one machine can run their suites side by side. */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const stacks: Record<Driver, Stack> = {
	pglite: { driver: 'pglite', appPort: 3210 + offset, sandboxPort: 12310 + offset },
	postgres: { driver: 'postgres', appPort: 3220 + offset, sandboxPort: 12320 + offset }
};

export const appOrigin = (stack: Stack) => `http://127.0.0.1:${stack.appPort}`;

/** The Playwright option each project sets: which stack its tests talk to. */
export interface StackOptions {
	stack: Stack;
}

/** Gumroad and Lemon Squeezy as the end-to-end app is wired to them (e2e/order-sources.e2e.ts). */
export const GUMROAD_PING_SECRET = 'gumroad_e2e_ping_secret_0123456789';
export const LEMONSQUEEZY_SIGNING_SECRET = 'ls_e2e_signing_secret';
