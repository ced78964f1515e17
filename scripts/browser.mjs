// Where Chromium lives on this machine, shared by Vitest browser mode, Storybook tests and Playwright.
// Debian's /usr/bin/chromium is used when present (Playwright cannot download its own browser offline);
// otherwise Playwright's own download is used, as on a developer's machine.
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** @type {string | undefined} */
export const chromiumPath = candidates.find((path) => path && existsSync(path));

/** Launch options for a headless Chromium that never reaches the network by itself. */
export const launchOptions = {
	...(chromiumPath ? { executablePath: chromiumPath } : {}),
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-dev-shm-usage'
	]
};
