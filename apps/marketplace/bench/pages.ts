// The page benchmarks alone, quicker than run.ts while working on pages: Lighthouse's mobile
// performance and the JavaScript of each page, against the built app on PGlite.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench:pages
// Env: BENCH_PORT, BENCH_SANDBOX_PORT, as for run.ts.
import { startSandbox } from '@nobs-pay/sandbox';
import { benchJavaScript } from './javascript.js';
import { benchLighthouse } from './lighthouse.js';
import { snapshotBuild, startApp } from './servers.js';

const APP_PORT = Number(process.env.BENCH_PORT ?? 4101);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 13101);

const sandbox = await startSandbox({ port: SANDBOX_PORT });
try {
	const app = await startApp({
		entry: snapshotBuild(),
		port: APP_PORT,
		sandbox,
		webhookSecret: 'whsec_bench'
	});
	try {
		for (const row of await benchJavaScript({
			appUrl: app.url,
			stripeJsUrl: sandbox.stripeJsUrl
		})) {
			console.log(
				`${row.path}: ${(row.gzip / 1000).toFixed(1)} kB gzip in ${row.scripts} scripts, Stripe.js ${row.stripeJsRequested ? 'requested' : 'not requested'}; ` +
					`largest ${row.largest.map(({ file, gzip }) => `${file} ${(gzip / 1000).toFixed(1)} kB`).join(', ')}`
			);
		}
		for (const row of await benchLighthouse({ appUrl: app.url })) {
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
