// Lighthouse's mobile performance score of the store's pages, in Debian's Chromium (headless,
// --no-sandbox) against the built app: Lighthouse's default mobile profile (Moto G Power screen,
// slow 4G and a 4x slower CPU, simulated). Each page is measured `runs` times and the median kept,
// as Lighthouse itself advises for a machine with other load.
// Alone (with the JavaScript per page): pnpm --filter marketplace bench:pages
// (run.ts runs it as part of the whole benchmark.)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
// @ts-expect-error -- a plain .mjs shared with the Vitest and Playwright configs, without types.
import { chromiumPath, launchOptions } from '../../../scripts/browser.mjs';

export const lighthousePages = ['/', '/products/bundle-professional', '/checkout'] as const;

export interface LighthouseOptions {
	appUrl: string;
	/** Chromium's DevTools port. @default 9322 */
	debuggingPort?: number;
	/** Runs per page; the median is kept. @default 3 */
	runs?: number;
}

export interface LighthouseRow {
	path: (typeof lighthousePages)[number];
	/** The median performance score, 0-100. */
	performance: number;
	scores: number[];
	/** The run with the median score's metrics, in ms (CLS unitless). */
	metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function benchLighthouse(options: LighthouseOptions): Promise<LighthouseRow[]> {
	const { appUrl, debuggingPort = 9322, runs = 3 } = options;
	if (!chromiumPath) throw new Error('No Chromium found: set CHROMIUM_PATH.');
	const profile = mkdtempSync(join(tmpdir(), 'nobs-lighthouse-'));
	const chromium = spawn(
		chromiumPath as string,
		[
			...(launchOptions.args as string[]),
			'--headless=new',
			`--remote-debugging-port=${debuggingPort}`,
			`--user-data-dir=${profile}`,
			'about:blank'
		],
		{ stdio: 'ignore' }
	);
	try {
		await waitForDevTools(debuggingPort);
		const rows: LighthouseRow[] = [];
		for (const path of lighthousePages) {
			const results = [];
			for (let run = 0, failed = 0; run < runs; run++) {
				const result = await lighthouse(appUrl + path, {
					port: debuggingPort,
					onlyCategories: ['performance'],
					output: 'json',
					logLevel: 'error'
				});
				const lhr = result?.lhr;
				const score = lhr?.categories.performance?.score;
				if (!lhr || typeof score !== 'number') {
					const message = `Lighthouse gave no performance score for ${path}: ${lhr?.runtimeError?.message}`;
					// On a loaded machine Chromium now and then loses the trace of a load (NO_NAVSTART):
					// that run is repeated, twice at most per page, instead of failing the whole bench.
					if (lhr?.runtimeError && ++failed <= 2) {
						console.error(`${message} Running it again.`);
						run--;
						continue;
					}
					throw new Error(message);
				}
				const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
				results.push({
					score: Math.round(score * 100),
					metrics: {
						fcp: metric('first-contentful-paint'),
						lcp: metric('largest-contentful-paint'),
						tbt: metric('total-blocking-time'),
						cls: metric('cumulative-layout-shift'),
						si: metric('speed-index')
					}
				});
			}
			const scores = results.map((result) => result.score);
			const middle = median(scores);
			rows.push({
				path,
				performance: middle,
				scores,
				metrics: (results.find((result) => result.score === middle) ?? results[0]!).metrics
			});
		}
		return rows;
	} finally {
		// The profile is removed once Chromium has exited, not while it still writes to it.
		const exited = new Promise((resolve) => chromium.once('exit', resolve));
		if (chromium.exitCode === null && chromium.signalCode === null) {
			chromium.kill('SIGKILL');
			await exited;
		}
		// Chromium's helper processes can outlive it by a moment and still write there (ENOTEMPTY):
		// a leftover folder in /tmp is no reason to throw away the scores.
		try {
			rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
		} catch (error) {
			console.error(`Could not remove the Chromium profile ${profile}: ${String(error)}`);
		}
	}
}

/** Polls Chromium's DevTools endpoint until it answers: start-up time varies with the machine's load. */
async function waitForDevTools(port: number, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const ok = await fetch(`http://127.0.0.1:${port}/json/version`).then(
			(response) => response.ok,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(
		`Chromium's DevTools did not answer on port ${port} within ${timeoutMs / 1000} s.`
	);
}
