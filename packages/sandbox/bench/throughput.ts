/**
 * PaymentIntent create + confirm round trips per second through the official `stripe` SDK, and the
 * sandbox's peak memory once it holds 100,000 confirmed PaymentIntents.
 *
 *   pnpm --filter @nobs-pay/sandbox exec tsx bench/throughput.ts [--seconds 10] [--intents 100000] [--concurrency 32] [--low-memory]
 *
 * The sandbox runs in its own process (the CLI), as the marketplace runs it, so client and server
 * do not share an event loop and the memory figure is the sandbox's alone.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startSandboxProcess } from './sandbox-process.js';

const { values } = parseArgs({
	options: {
		seconds: { type: 'string', default: '10' },
		intents: { type: 'string', default: '100000' },
		concurrency: { type: 'string', default: '32' },
		'low-memory': { type: 'boolean', default: false }
	}
});
const seconds = Number(values.seconds);
const targetIntents = Number(values.intents);
const concurrency = Number(values.concurrency);

const sandbox = await startSandboxProcess(values['low-memory'] ? ['--low-memory'] : []);
const { stripe, health } = sandbox;

let intents = 0;
async function roundTrip(): Promise<void> {
	const pi = await stripe.paymentIntents.create({
		amount: 1999,
		currency: 'usd',
		automatic_payment_methods: { enabled: true, allow_redirects: 'never' }
	});
	const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
	if (confirmed.status !== 'succeeded') throw new Error(`unexpected status ${confirmed.status}`);
	intents++;
}

async function runUntil(done: () => boolean): Promise<void> {
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (!done()) await roundTrip();
		})
	);
}

try {
	// Warm up the JIT and the connection pool before measuring.
	const warmupEnd = Date.now() + 2_000;
	await runUntil(() => Date.now() > warmupEnd);
	const startCount = intents;
	const startCpu = (await health()).cpu_ms;
	const started = performance.now();
	const measureEnd = Date.now() + seconds * 1_000;
	await runUntil(() => Date.now() > measureEnd);
	const elapsed = (performance.now() - started) / 1_000;
	const rate = (intents - startCount) / elapsed;
	const cpuPerTrip = ((await health()).cpu_ms - startCpu) / (intents - startCount);
	console.log(
		`sandbox CPU: ${cpuPerTrip.toFixed(3)} ms per round trip, i.e. ${(1000 / cpuPerTrip).toFixed(0)} round trips/s on one dedicated core (load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores while measuring)`
	);
	console.log(
		`throughput: ${rate.toFixed(0)} PaymentIntent create+confirm round trips/s (${intents - startCount} in ${elapsed.toFixed(1)} s, concurrency ${concurrency}, 2 HTTP calls each)`
	);

	await runUntil(() => intents >= targetIntents);
	const after = await health();
	const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
	console.log(
		`memory: peak RSS ${mb(after.peak_rss_bytes)} (current ${mb(after.rss_bytes)}) after ${intents} confirmed PaymentIntents = ${after.objects} stored objects (intents, payment methods, charges, events)`
	);
} finally {
	sandbox.stop();
}
