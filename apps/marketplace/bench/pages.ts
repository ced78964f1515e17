// The page benchmarks alone, quicker than run.ts while working on pages: Lighthouse's mobile
// performance and the JavaScript of each page, against the built app on PGlite.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench:pages
// `--javascript --check` (`bench:javascript`, which CI runs): the JavaScript only, exiting 1 when
// the product page is over its bytes or Stripe.js loads anywhere but /checkout. Byte counts do not
// depend on the machine's load, unlike Lighthouse's scores, which stay out of CI.
// Env: BENCH_PORT, BENCH_SANDBOX_PORT, as for run.ts.
import { startSandbox } from '@nobs-pay/sandbox';
import { benchJavaScript, javaScriptMisses } from './javascript.js';
import { benchLighthouse } from './lighthouse.js';
import { snapshotBuild, startApp } from './servers.js';

const APP_PORT = Number(process.env.BENCH_PORT ?? 4101);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 13101);
const javascriptOnly = process.argv.includes('--javascript');
const check = process.argv.includes('--check');
let misses: string[] = [];

const sandbox = await startSandbox({ port: SANDBOX_PORT });
try {
	const app = await startApp({
		entry: snapshotBuild(),
		port: APP_PORT,
		sandbox,
		webhookSecret: 'whsec_bench'
	});
	try {
		const rows = await benchJavaScript({ appUrl: app.url, stripeJsUrl: sandbox.stripeJsUrl });
		misses = javaScriptMisses(rows);
		for (const row of rows) {
			console.log(
				`${row.path}: ${(row.gzip / 1000).toFixed(1)} kB gzip in ${row.scripts} scripts, Stripe.js ${row.stripeJsRequested ? 'requested' : 'not requested'}; ` +
					`largest ${row.largest.map(({ file, gzip }) => `${file} ${(gzip / 1000).toFixed(1)} kB`).join(', ')}`
			);
		}
		for (const row of javascriptOnly ? [] : await benchLighthouse({ appUrl: app.url })) {
			const { fcp, lcp, tbt, cls, si } = row.metrics;
			console.log(
				`${row.path}: performance ${row.performance} (runs ${row.scores.join(', ')}); ` +
					`FCP ${fcp.toFixed(0)} ms, LCP ${lcp.toFixed(0)} ms, TBT ${tbt.toFixed(0)} ms, CLS ${cls.toFixed(3)}, SI ${si.toFixed(0)} ms`
			);
		}
	} finally {
		await app.stop();
	}
} finally {
	await sandbox.stop();
}
if (misses.length > 0) {
	console.log(`MISSED TARGETS: ${misses.join(', ')}`);
	if (check) process.exitCode = 1;
}
