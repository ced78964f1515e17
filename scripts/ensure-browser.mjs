// Makes sure a Chromium exists for the browser tests, installing one the way this machine allows:
// Playwright's own download on a developer's machine, Debian's package where downloads of browser
// builds are blocked but apt works (CI here). Prints what it uses; exits non-zero when it cannot.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromiumPath } from './browser.mjs';

function playwrightChromium() {
	try {
		const require = createRequire(new URL('../packages/svelte/package.json', import.meta.url));
		const { chromium } = require('playwright');
		const path = chromium.executablePath();
		return existsSync(path) ? path : undefined;
	} catch {
		return undefined;
	}
}

function run(command) {
	console.log(`$ ${command}`);
	execSync(command, { stdio: 'inherit' });
}

export function ensureBrowser() {
	if (chromiumPath) return chromiumPath;
	const bundled = playwrightChromium();
	if (bundled) return bundled;
	try {
		run('packages/svelte/node_modules/.bin/playwright install chromium');
		const installed = playwrightChromium();
		if (installed) return installed;
	} catch {
		console.log('Playwright could not download Chromium; trying the system package manager.');
	}
	if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		run('apt-get update -qq && apt-get install -y -qq chromium');
		if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	}
	throw new Error(
		'No Chromium for the browser tests. Install one: `npx playwright install chromium`, or `apt-get install chromium`, or set CHROMIUM_PATH.'
	);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(`Chromium: ${ensureBrowser()}`);
}
