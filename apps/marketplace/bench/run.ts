// The marketplace's benchmarks, measured side by side in one run on one machine:
// 1. server renders/s of the product page next to /about,
// 2. fulfilled webhook events/s over HTTP with PGlite and with PostgreSQL,
// 3. gzipped JavaScript per page, and which pages request Stripe.js.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench
// Env: BENCH_POSTGRES_URL (a server where a throw-away database may be created),
//      BENCH_PORT (two app ports from it), BENCH_SANDBOX_PORT, BENCH_ORDERS.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { startSandbox } from '@nobs-pay/sandbox';
import { benchJavaScript } from './javascript.js';
import { percentile } from './load.js';
import { benchRender } from './render.js';
import { freshPostgresDatabase, snapshotBuild, startApp } from './servers.js';
import { benchWebhooks } from './webhooks.js';

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP_PORT = Number(process.env.BENCH_PORT ?? 4101);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 13101);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const WEBHOOK_SECRET = 'whsec_bench';

const TARGETS = { renderRatio: 0.5, productPageGzip: 60_000 };

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

const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

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
	let render, javascript, webhooks;
	try {
		step('server renders');
		render = await benchRender({ appUrl: pglite.url });
		step('JavaScript per page, in Chromium');
		javascript = await benchJavaScript({ appUrl: pglite.url, stripeJsUrl: sandbox.stripeJsUrl });

		step('starting a second app on a fresh PostgreSQL database');
		const database = await freshPostgresDatabase({ serverUrl: POSTGRES_URL, port: APP_PORT + 1 });
		try {
			const postgresApp = await startApp({
				...appOptions,
				port: APP_PORT + 1,
				databaseUrl: database.url
			});
			try {
				step(`webhooks: ${ORDERS} orders per database, then deliveries in alternating batches`);
				webhooks = await benchWebhooks({
					targets: [
						{ name: 'PGlite', appUrl: pglite.url },
						{ name: 'PostgreSQL', appUrl: postgresApp.url }
					],
					sandbox,
					webhookSecret: WEBHOOK_SECRET,
					orders: ORDERS
				});
			} finally {
				await postgresApp.stop();
			}
		} finally {
			await database.drop();
		}
	} finally {
		await pglite.stop();
	}

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
			`(target >= ${TARGETS.renderRatio}: ${verdict(render.ratio >= TARGETS.renderRatio)})`
	);

	table(
		`2. Webhook fulfilment over HTTP, ${webhooks.orders} payment_intent.succeeded events per database, ` +
			`${webhooks.concurrency} in flight, ${webhooks.batches} alternating batches`,
		webhooks.rows.map((row) => ({
			database: row.name,
			'fulfilled/s': fixed(row.fulfilledPerSecond),
			'p50 ms': fixed(row.p50, 1),
			'p99 ms': fixed(row.p99, 1),
			fulfilled: `${row.fulfilled}/${row.events}`,
			failed: row.failed,
			'set-up checkouts/s': fixed(row.checkoutsPerSecond),
			'set-up failures': row.setupFailures,
			verified: row.verified ? 'yes' : 'NO'
		}))
	);
	const [pgliteRow, postgresRow] = webhooks.rows;
	console.log(
		`PostgreSQL/PGlite ratio: ${fixed((postgresRow?.fulfilledPerSecond ?? NaN) / (pgliteRow?.fulfilledPerSecond ?? NaN), 2)}`
	);

	table(
		'3. JavaScript per page (gzip -9 of every script the page loads, Stripe.js apart)',
		javascript.map((row) => ({
			page: row.path,
			scripts: row.scripts,
			raw: kB(row.raw),
			gzip: kB(row.gzip),
			'Stripe.js requested': row.stripeJsRequested ? 'yes' : 'no'
		}))
	);
	const product = javascript.find((row) => row.path === '/products/bundle-professional');
	const stripeOnlyOnCheckout = javascript.every(
		(row) => row.stripeJsRequested === (row.path === '/checkout')
	);
	console.log(
		`largest on the product page: ${(product?.largest ?? [])
			.map(({ file, gzip }) => `${file} ${kB(gzip)}`)
			.join(', ')}`
	);
	console.log(
		`product page: ${kB(product?.gzip ?? NaN)} gzip (target <= ${kB(TARGETS.productPageGzip)}: ${verdict((product?.gzip ?? Infinity) <= TARGETS.productPageGzip)}); ` +
			`Stripe.js on /checkout only: ${stripeOnlyOnCheckout ? 'yes' : 'NO'}`
	);
	console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s`);

	// Missed performance targets are reported above; wrong answers make the run itself invalid.
	const invalid =
		render.rows.some((row) => row.failed > 0) ||
		webhooks.rows.some((row) => row.failed > 0 || row.setupFailures > 0 || !row.verified) ||
		!stripeOnlyOnCheckout;
	if (invalid) {
		console.log('INVALID RUN: some requests failed or a check did not hold (see above).');
		process.exitCode = 1;
	}
} finally {
	await sandbox.stop();
}
