// The marketplace's benchmarks, measured side by side in one run on one machine:
// 1. server renders/s of the product page next to /about,
// 2. fulfilled webhook events/s over HTTP with PGlite and with PostgreSQL, each beside a bare
//    driver sending the same statements, at 8 and at 64 deliveries in flight,
// 3. the apps' peak resident memory from start through the webhook benchmark,
// 4. gzipped JavaScript per page, and which pages request Stripe.js,
// 5. Lighthouse's mobile performance score of /, the product page and /checkout.
// Every figure is printed beside its baseline (issue 12); the exit code is 1 when a target is
// missed or the run is invalid.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench
// Env: BENCH_POSTGRES_URL (a server where throw-away databases may be created),
//      BENCH_PORT (two app ports from it, and a third for the bare database's name),
//      BENCH_SANDBOX_PORT, BENCH_ORDERS (events per database and level, at least 12 x level).
import { availableParallelism, cpus, loadavg } from 'node:os';
import { startSandbox } from '@nobs-pay/sandbox';
import { postgresServerCpuMs } from './cpu.js';
import {
	benchJavaScript,
	PRODUCT_PAGE,
	PRODUCT_PAGE_GZIP_TARGET,
	stripeJsOnlyOnCheckout
} from './javascript.js';
import { benchLighthouse } from './lighthouse.js';
import { percentile } from './load.js';
import { benchRender } from './render.js';
import { barePglite, barePostgres } from './bare.js';
import { freshPostgresDatabase, snapshotBuild, startApp } from './servers.js';
import { benchWebhooks } from './webhooks.js';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP_PORT = Number(process.env.BENCH_PORT ?? 4101);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 13101);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const WEBHOOK_SECRET = 'whsec_bench';
/** `BENCH_ONLY=webhooks` skips the page benchmarks (1, 4, 5), e.g. while working on fulfilment. */
const PAGES = process.env.BENCH_ONLY !== 'webhooks';

const TARGETS = {
	renderRatio: 0.5,
	/** Fulfilled webhooks/s of the app over those of the bare driver, per database and level. */
	webhookRatio: 0.7,
	/** Throughput at the highest level over that at the lowest: holds (noise allowed) or rises. */
	scaling: 0.9,
	/** p99 latency at the highest level, in ms. */
	p99AtMost: 1000,
	/** Peak RSS of the app on PGlite, from start through the webhook benchmark. */
	pgliteRssMb: 300,
	productPageGzip: PRODUCT_PAGE_GZIP_TARGET,
	/** Lighthouse mobile performance, median of runs. */
	lighthouse: { '/': 100, '/products/bundle-professional': 100, '/checkout': 95 }
};

/** What issue 12 measured before this work, on the same machine. */
const BASELINE = {
	webhookRatio: { PGlite: '0.39', PostgreSQL: '0.29' },
	p99At64: { PGlite: '3400-4400 ms', PostgreSQL: '-' },
	rss: { PGlite: '928 MB', PostgreSQL: '143-160 MB' },
	productPageGzip: '58.8 kB',
	lighthouse: { '/': 86, '/products/bundle-professional': 85, '/checkout': 94 }
};

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const median = (values: number[]) =>
	percentile(
		[...values].sort((a, b) => a - b),
		0.5
	);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Prints rows as an aligned table under a title; the first row's keys are the columns. */
function table(title: string, rows: Record<string, string | number>[]) {
	const columns = Object.keys(rows[0] ?? {});
	const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column])))];
	const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)));
	console.log(`\n${title}`);
	for (const [n, line] of cells.entries()) {
		console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
		if (n === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
	}
}

const missed: string[] = [];
/** Says whether `ok`, and remembers a miss for the exit code. */
const verdict = (ok: boolean, what: string) => {
	if (!ok) missed.push(what);
	return ok ? 'meets target' : 'MISSES target';
};

/** Progress goes to stderr, so stdout holds only the figures. */
const step = (message: string) => console.error(`… ${message}`);

// Ctrl-C: exit normally, so the apps started below are killed with the bench (see servers.ts).
process.once('SIGINT', () => process.exit(130));

const started = Date.now();
console.log(
	`Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ` +
		`Node ${process.version}, load average ${loadavg()
			.map((load) => load.toFixed(2))
			.join(' ')} at start`
);

const entry = snapshotBuild();
// No webhook endpoint: the webhook benchmark delivers the events itself (see servers.ts).
const sandbox = await startSandbox({ port: SANDBOX_PORT });
try {
	const appOptions = { entry, sandbox, webhookSecret: WEBHOOK_SECRET };
	step('starting the app with PGlite');
	const pglite = await startApp({ ...appOptions, port: APP_PORT });
	let render, javascript, lighthouse, webhooks, rss;
	try {
		if (PAGES) {
			step('server renders');
			render = await benchRender({ appUrl: pglite.url });
			step('JavaScript per page, in Chromium');
			javascript = await benchJavaScript({ appUrl: pglite.url, stripeJsUrl: sandbox.stripeJsUrl });
			step('Lighthouse, mobile, 3 runs per page');
			lighthouse = await benchLighthouse({ appUrl: pglite.url, debuggingPort: APP_PORT + 5200 });
		}

		step('starting a second app on a fresh PostgreSQL database');
		const database = await freshPostgresDatabase({ serverUrl: POSTGRES_URL, port: APP_PORT + 1 });
		const bareDatabase = await freshPostgresDatabase({
			serverUrl: POSTGRES_URL,
			port: APP_PORT + 2
		});
		const bare = { pglite: await barePglite(), postgres: await barePostgres(bareDatabase.url) };
		try {
			const postgresApp = await startApp({
				...appOptions,
				port: APP_PORT + 1,
				databaseUrl: database.url
			});
			try {
				step('webhooks: orders per database and level, then deliveries in alternating batches');
				webhooks = await benchWebhooks({
					targets: [
						{ name: 'PGlite', appUrl: pglite.url, bare: bare.pglite },
						{
							name: 'PostgreSQL',
							appUrl: postgresApp.url,
							bare: bare.postgres,
							serverCpuMs: postgresServerCpuMs
						}
					],
					sandbox,
					webhookSecret: WEBHOOK_SECRET,
					orders: ORDERS
				});
				rss = {
					PGlite: { start: pglite.startPeakRssMb, peak: pglite.peakRssMb() },
					PostgreSQL: { start: postgresApp.startPeakRssMb, peak: postgresApp.peakRssMb() }
				};
			} finally {
				await postgresApp.stop();
			}
		} finally {
			await bare.pglite.close();
			await bare.postgres.close();
			await database.drop();
			await bareDatabase.drop();
		}
	} finally {
		await pglite.stop();
	}

	if (render) {
		table(
			`1. Server renders/s, ${render.concurrency} keep-alive connections, ${render.secondsPerPage} s per page in alternating rounds`,
			render.rows.map((row) => ({
				page: row.page,
				'renders/s': fixed(row.rendersPerSecond),
				'p50 ms': fixed(row.p50, 1),
				'p99 ms': fixed(row.p99, 1),
				failed: row.failed
			}))
		);
		console.log(
			`product/about ratio: ${fixed(render.ratio, 2)}, median of rounds ${fixed(median(render.roundRatios), 2)} (${fixed(Math.min(...render.roundRatios), 2)}–${fixed(Math.max(...render.roundRatios), 2)}) ` +
				`(target >= ${TARGETS.renderRatio}: ${verdict(render.ratio >= TARGETS.renderRatio, 'render ratio')})`
		);
	}

	table(
		`2. Webhook fulfilment, payment_intent.succeeded, the app over HTTP beside the bare driver ` +
			`(same statements, same database kind, same events in flight), ${webhooks.batches} alternating batches per level`,
		webhooks.rows.map((row) => ({
			database: row.database,
			path: row.path,
			'in flight': row.concurrency,
			'fulfilled/s': fixed(row.fulfilledPerSecond),
			'p50 ms': fixed(row.p50, 1),
			'p99 ms': fixed(row.p99, 1),
			'CPU ms/event bench': fixed(row.cpuMsPerEvent.bench, 2),
			'CPU ms/event app': fixed(row.cpuMsPerEvent.app ?? NaN, 2),
			'CPU ms/event PostgreSQL': fixed(row.cpuMsPerEvent.server ?? NaN, 2),
			fulfilled: `${row.fulfilled}/${row.events}`,
			failed: row.failed,
			verified: row.verified ? 'yes' : 'NO'
		}))
	);
	console.log(
		`set-up: ${webhooks.setup.map((row) => `${row.database} ${fixed(row.checkoutsPerSecond)} checkouts/s, ${row.failures} failures`).join('; ')}`
	);
	const levels = [...new Set(webhooks.rows.map((row) => row.concurrency))];
	const lowest = Math.min(...levels);
	const highest = Math.max(...levels);
	const rate = (database: string, path: string, concurrency: number) =>
		webhooks.rows.find(
			(row) => row.database === database && row.path === path && row.concurrency === concurrency
		);
	for (const database of ['PGlite', 'PostgreSQL'] as const) {
		for (const concurrency of levels) {
			const ratio =
				(rate(database, 'app over HTTP', concurrency)?.fulfilledPerSecond ?? NaN) /
				(rate(database, 'bare driver', concurrency)?.fulfilledPerSecond ?? NaN);
			console.log(
				`${database}, ${concurrency} in flight: app/bare ${fixed(ratio, 2)} (baseline ${BASELINE.webhookRatio[database]}; ` +
					`target >= ${TARGETS.webhookRatio}: ${verdict(ratio >= TARGETS.webhookRatio, `${database} app/bare at ${concurrency}`)})`
			);
		}
		const low = rate(database, 'app over HTTP', lowest);
		const high = rate(database, 'app over HTTP', highest);
		const scaling = (high?.fulfilledPerSecond ?? NaN) / (low?.fulfilledPerSecond ?? NaN);
		console.log(
			`${database}: app ${lowest} -> ${highest} in flight: ${fixed(scaling, 2)}x throughput ` +
				`(baseline: saturated at 8; target >= ${TARGETS.scaling}: ${verdict(scaling >= TARGETS.scaling, `${database} scaling`)}), ` +
				`p99 at ${highest} ${fixed(high?.p99 ?? NaN)} ms (baseline ${BASELINE.p99At64[database]}; ` +
				`target < ${TARGETS.p99AtMost} ms: ${verdict((high?.p99 ?? Infinity) < TARGETS.p99AtMost, `${database} p99`)})`
		);
	}

	// Where the PostgreSQL ratio goes: every process's CPU per event in each arm. When the machine's
	// cores are the limit, fulfilled/s divide as the inverse of these totals.
	for (const concurrency of levels) {
		const app = rate('PostgreSQL', 'app over HTTP', concurrency)?.cpuMsPerEvent;
		const bare = rate('PostgreSQL', 'bare driver', concurrency)?.cpuMsPerEvent;
		// Without PostgreSQL's processes in view (NaN), there is nothing to add up.
		if (app?.app === undefined || app.server === undefined || bare?.server === undefined) continue;
		if (!Number.isFinite(app.server + bare.server)) continue;
		const appTotal = app.bench + app.app + app.server;
		const bareTotal = bare.bench + bare.server;
		console.log(
			`PostgreSQL, ${concurrency} in flight, CPU ms per fulfilled event in every process: ` +
				`app arm ${fixed(appTotal, 2)} (client ${fixed(app.bench, 2)} + app ${fixed(app.app, 2)} + server ${fixed(app.server, 2)}), ` +
				`bare arm ${fixed(bareTotal, 2)} (driver ${fixed(bare.bench, 2)} + server ${fixed(bare.server, 2)}): ` +
				`app/bare ${fixed(bareTotal / appTotal, 2)} when the cores are the limit`
		);
	}

	table(
		'3. Peak resident memory of the app (VmHWM): once started, and from start through the webhook benchmark',
		(['PGlite', 'PostgreSQL'] as const).map((database) => ({
			database,
			'once started': `${fixed(rss[database].start)} MB`,
			'peak RSS': `${fixed(rss[database].peak)} MB`,
			baseline: BASELINE.rss[database]
		}))
	);
	console.log(
		`PGlite: ${fixed(rss.PGlite.peak)} MB (target <= ${TARGETS.pgliteRssMb} MB: ${verdict(rss.PGlite.peak <= TARGETS.pgliteRssMb, 'PGlite peak RSS')})`
	);

	let stripeOnlyOnCheckout = true;
	if (javascript && lighthouse) {
		table(
			'4. JavaScript per page (gzip -9 of every script the page loads, Stripe.js apart)',
			javascript.map((row) => ({
				page: row.path,
				scripts: row.scripts,
				raw: kB(row.raw),
				gzip: kB(row.gzip),
				'Stripe.js requested': row.stripeJsRequested ? 'yes' : 'no'
			}))
		);
		const product = javascript.find((row) => row.path === PRODUCT_PAGE);
		stripeOnlyOnCheckout = stripeJsOnlyOnCheckout(javascript);
		console.log(
			`largest on the product page: ${(product?.largest ?? [])
				.map(({ file, gzip }) => `${file} ${kB(gzip)}`)
				.join(', ')}`
		);
		console.log(
			`product page: ${kB(product?.gzip ?? NaN)} gzip (baseline ${BASELINE.productPageGzip}; target <= ${kB(TARGETS.productPageGzip)}: ${verdict((product?.gzip ?? Infinity) <= TARGETS.productPageGzip, 'product page JavaScript')}); ` +
				`Stripe.js on /checkout only: ${stripeOnlyOnCheckout ? 'yes' : 'NO'}`
		);
		table(
			'5. Lighthouse mobile performance (median of 3 runs; simulated slow 4G and 4x CPU slowdown)',
			lighthouse.map((row) => ({
				page: row.path,
				performance: row.performance,
				runs: row.scores.join(' '),
				baseline: BASELINE.lighthouse[row.path],
				target: `>= ${TARGETS.lighthouse[row.path]}`,
				'FCP ms': fixed(row.metrics.fcp),
				'LCP ms': fixed(row.metrics.lcp),
				'TBT ms': fixed(row.metrics.tbt),
				CLS: fixed(row.metrics.cls, 3),
				verdict: verdict(row.performance >= TARGETS.lighthouse[row.path], `Lighthouse ${row.path}`)
			}))
		);
	}

	console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s`);

	// Wrong answers make the run itself invalid; missed targets fail it too.
	const invalid =
		render?.rows.some((row) => row.failed > 0) ||
		webhooks.rows.some((row) => row.failed > 0 || !row.verified) ||
		webhooks.setup.some((row) => row.failures > 0) ||
		!stripeOnlyOnCheckout;
	if (invalid) {
		console.log('INVALID RUN: some requests failed or a check did not hold (see above).');
		process.exitCode = 1;
	}
	if (missed.length > 0) {
		console.log(`MISSED TARGETS: ${missed.join(', ')}`);
		process.exitCode = 1;
	}
} finally {
	await sandbox.stop();
}
