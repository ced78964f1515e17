/**
 * Meter events ingested per second through the official `stripe` SDK, sequentially and with 8
 * requests in flight, beside `customers.retrieve` per second measured in the same run as a
 * baseline (the cheapest authenticated call), so the figure reads independently of the machine.
 *
 *   pnpm --filter @nobs-pay/sandbox bench:meters [--seconds 5]
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startSandboxProcess } from './sandbox-process.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
const seconds = Number(values.seconds);

const sandbox = await startSandboxProcess();
const { stripe } = sandbox;

interface Figure {
	perSecond: number;
	/** Sandbox CPU time per call: steadier than the rate on a loaded machine. */
	cpuMs: number;
}

/** Calls `once` from `concurrency` loops for `seconds`: calls per second and sandbox CPU per call. */
async function rate(once: () => Promise<unknown>, concurrency: number): Promise<Figure> {
	// Warm up the JIT and the connection pool before measuring.
	const warm = Date.now() + 1_000;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (Date.now() < warm) await once();
		})
	);
	let calls = 0;
	const cpuBefore = (await sandbox.health()).cpu_ms;
	const started = performance.now();
	const end = Date.now() + seconds * 1_000;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (Date.now() < end) {
				await once();
				calls++;
			}
		})
	);
	const perSecond = calls / ((performance.now() - started) / 1_000);
	return { perSecond, cpuMs: ((await sandbox.health()).cpu_ms - cpuBefore) / calls };
}

try {
	const customer = await stripe.customers.create({ email: 'bench@example.com' });
	const meter = await stripe.billing.meters.create({
		display_name: 'API requests',
		event_name: 'api_requests',
		default_aggregation: { formula: 'sum' }
	});
	const retrieve = () => stripe.customers.retrieve(customer.id);
	const ingest = () =>
		stripe.billing.meterEvents.create({
			event_name: meter.event_name,
			payload: { stripe_customer_id: customer.id, value: '1' },
			identifier: randomUUID()
		});
	const rows: Array<[string, Figure, Figure]> = [];
	for (const concurrency of [1, 8])
		rows.push([
			concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`,
			await rate(ingest, concurrency),
			await rate(retrieve, concurrency)
		]);

	const start = Math.floor((Date.now() / 1000 - 3600) / 60) * 60;
	const [summary] = (
		await stripe.billing.meters.listEventSummaries(meter.id, {
			customer: customer.id,
			start_time: start,
			end_time: start + 7200
		})
	).data;
	console.log(
		`meter events through the SDK, ${seconds} s per figure (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`
	);
	console.log(
		'                 meterEvents.create/s (CPU/call)   customers.retrieve/s (CPU/call, baseline)   ratio'
	);
	const cell = (f: Figure, width: number): string =>
		`${f.perSecond.toFixed(0)} (${f.cpuMs.toFixed(2)} ms)`.padStart(width);
	for (const [label, events, baseline] of rows)
		console.log(
			`${label.padEnd(17)}${cell(events, 32)}${cell(baseline, 44)}${(events.perSecond / baseline.perSecond).toFixed(2).padStart(8)}`
		);
	console.log(
		`the meter counted ${summary?.aggregated_value ?? 0} events (each identifier once); sandbox peak RSS ${((await sandbox.health()).peak_rss_bytes / 1024 / 1024).toFixed(0)} MB`
	);
} finally {
	sandbox.stop();
}
