// Peak resident memory of the built app on the embedded default (PGlite) by the time it first
// answers (its database opened and migrated), started as `scripts/start.mjs` starts it, with the
// flags of scripts/node-flags.mjs. `--check` exits 1 over issue 12's 300 MB. The test command runs
// it on Node 20 and on Node 24, where a V8 flag that PGlite's thread set at run time was once
// ignored and the app started at 762 MB. The full bench (part 3) follows the peak further, through
// the webhook benchmark.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench:memory
// Env: BENCH_PORT, BENCH_SANDBOX_PORT, as for run.ts.
import { startSandbox } from '@nobs-pay/sandbox';
import { snapshotBuild, startApp } from './servers.js';

const LIMIT_MB = 300;
const check = process.argv.includes('--check');

const sandbox = await startSandbox({ port: Number(process.env.BENCH_SANDBOX_PORT ?? 13101) });
try {
	const app = await startApp({
		entry: snapshotBuild(),
		port: Number(process.env.BENCH_PORT ?? 4101),
		sandbox,
		webhookSecret: 'whsec_bench'
	});
	await app.stop();
	const peak = app.startPeakRssMb;
	const verdict = peak <= LIMIT_MB ? 'meets target' : 'MISSES target';
	console.log(
		`Node ${process.version}: the PGlite app peaked at ${peak.toFixed(0)} MB by the time it answered (target <= ${LIMIT_MB} MB: ${verdict})`
	);
	if (check && peak > LIMIT_MB) process.exitCode = 1;
} finally {
	await sandbox.stop();
}
