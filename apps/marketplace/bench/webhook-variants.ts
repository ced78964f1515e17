// Compares ways of running the app on the webhook path, side by side in one run: several apps on
// PostgreSQL (one per variant: other Node flags, or another build), each on a fresh database of
// its own, and the bare driver beside them, taking turns with batches of `payment_intent.succeeded`
// deliveries at one level of events in flight. Prints fulfilled/s, the ratio to the bare driver,
// p99 and CPU per event of each app and of the client. Unlike the bench, deliveries are signed as
// they are sent (set-up can outlast a signature's 5 minutes), in the client's time for every
// variant alike. With BENCH_CPU_PROF=<folder>, each app writes a CPU profile and the script prints
// the busy time of the measured batches only (not the set-up), by package and by function, self
// and with callees.
//
// Run (after `pnpm --filter marketplace build`):
//   BENCH_VARIANTS='[{"name":"semi 4","flags":["--max-semi-space-size=4"]},{"name":"default","flags":[]}]' \
//   tsx bench/webhook-variants.ts
// A variant may name another build: {"name":"before","flags":[],"build":"/path/to/build"}.
// Variant i listens on BENCH_PORT + i; the bare driver's database is named after the next port.
// Env: BENCH_PORT, BENCH_SANDBOX_PORT, BENCH_POSTGRES_URL, BENCH_ORDERS (measured events per
// variant, default 900), BENCH_LEVEL (in flight, default 64), BENCH_BATCHES (default 3).
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@nobs-pay/sandbox';
import Stripe from 'stripe';
import { z } from 'zod';
import { barePostgres, type BareEvent } from './bare.js';
import { ownCpuMs, pidListeningOn, processCpuMs } from './cpu.js';
import { keepAliveAgent, percentile, runAll, send, type HttpRequest } from './load.js';
import { freshPostgresDatabase, snapshotBuild, startApp } from './servers.js';

const variantSchema = z.array(
	z.object({
		name: z.string(),
		flags: z.array(z.string()),
		build: z.string().optional()
	})
);
const variants = variantSchema.parse(
	JSON.parse(
		process.env.BENCH_VARIANTS ??
			'[{"name":"--max-semi-space-size=4","flags":["--max-semi-space-size=4"]},{"name":"Node default","flags":[]}]'
	)
);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PORT = Number(process.env.BENCH_PORT ?? 4101);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 13101);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 900);
const LEVEL = Number(process.env.BENCH_LEVEL ?? 64);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 3);
const WARMUP = 150;
const SECRET = 'whsec_bench';
const PROFILES = process.env.BENCH_CPU_PROF;

const step = (message: string) => console.error(`… ${message}`);
const here = fileURLToPath(new URL('.', import.meta.url));

interface Measured {
	name: string;
	ok: number;
	failed: number;
	seconds: number;
	latencies: number[];
	cpuMs: number;
	benchCpuMs: number;
	/** Monotonic microseconds (as V8's profiler stamps its samples) of each measured batch. */
	windows: [number, number][];
	pid?: number;
}
const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

const sandbox = await startSandbox({ port: SANDBOX_PORT });
const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
const agent = keepAliveAgent(LEVEL);
const cleanup: (() => Promise<void>)[] = [];
try {
	const defaultEntry = snapshotBuild();
	const contenders: {
		measured: Measured;
		items: (() => Promise<boolean>)[];
		warm: () => Promise<void>;
	}[] = [];
	for (const [i, variant] of variants.entries()) {
		let entry = defaultEntry;
		if (variant.build) {
			// Inside the app, so the copy resolves the app's node_modules.
			const copy = join(here, `.build-variant-${i}`);
			rmSync(copy, { recursive: true, force: true });
			cpSync(variant.build, copy, { recursive: true });
			cleanup.push(async () => rmSync(copy, { recursive: true, force: true }));
			entry = join(copy, 'index.js');
		}
		const database = await freshPostgresDatabase({ serverUrl: POSTGRES_URL, port: PORT + i });
		cleanup.push(database.drop);
		const app = await startApp({
			entry,
			port: PORT + i,
			sandbox,
			webhookSecret: SECRET,
			databaseUrl: database.url,
			nodeFlags: variant.flags
		});
		cleanup.unshift(app.stop);
		step(`${variant.name}: ${WARMUP + ORDERS} checkouts`);
		const deliveries = await deliveriesFor(app.url, WARMUP + ORDERS);
		const request = (path: string, options: Omit<HttpRequest, 'url'> = {}) =>
			send(agent, { url: app.url + path, ...options });
		// Signed when sent (in the client's CPU time, alike for every variant): set-up can outlast
		// the 5 minutes a signature is valid.
		const deliver = (payload: string) => {
			return async () => {
				const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
				const response = await request('/api/stripe/webhook', {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'stripe-signature': header },
					body: payload
				});
				return response.status === 200 && response.headers['x-webhook-result'] === 'handled';
			};
		};
		const warm = async () => {
			await runAll({
				items: Array.from({ length: LEVEL }, () => 0),
				concurrency: LEVEL,
				task: async () => (await request('/healthz')).status === 200
			});
		};
		const pid = pidListeningOn(PORT + i);
		const tasks = deliveries.map(deliver);
		await warm();
		const warmup = await runAll({
			items: tasks.slice(0, WARMUP),
			concurrency: 8,
			task: (t) => t()
		});
		if (warmup.failed > 0) throw new Error(`${variant.name}: the warm-up failed`);
		contenders.push({
			measured: blank(variant.name, pid),
			items: tasks.slice(WARMUP),
			warm
		});
	}

	step('bare driver: seeding');
	const bareDatabase = await freshPostgresDatabase({
		serverUrl: POSTGRES_URL,
		port: PORT + variants.length
	});
	cleanup.push(bareDatabase.drop);
	const bare = await barePostgres(bareDatabase.url);
	cleanup.unshift(bare.close);
	const events: BareEvent[] = await bare.prepare(WARMUP + ORDERS);
	await runAll({ items: events.slice(0, WARMUP), concurrency: 8, task: bare.handle });
	contenders.push({
		measured: blank('bare driver'),
		items: events.slice(WARMUP).map((event) => () => bare.handle(event)),
		warm: bare.warm
	});

	step(`measuring: ${ORDERS} events each, ${LEVEL} in flight, ${BATCHES} alternating batches`);
	const size = Math.ceil(ORDERS / BATCHES);
	for (let start = 0; start < ORDERS; start += size) {
		for (const { measured, items, warm } of contenders) {
			await warm();
			const cpu = measured.pid ? processCpuMs(measured.pid) : 0;
			const own = ownCpuMs();
			const from = nowMicros();
			const result = await runAll({
				items: items.slice(start, start + size),
				concurrency: LEVEL,
				task: (t) => t()
			});
			measured.windows.push([from, nowMicros()]);
			measured.benchCpuMs += ownCpuMs() - own;
			if (measured.pid) measured.cpuMs += processCpuMs(measured.pid) - cpu;
			measured.ok += result.ok;
			measured.failed += result.failed;
			measured.seconds += result.seconds;
			measured.latencies.push(...result.latencies);
		}
	}
	const bareRate = rateOf(contenders.at(-1)!.measured);
	console.log(`\n${LEVEL} in flight, ${ORDERS} events per contender, PostgreSQL`);
	for (const { measured } of contenders) {
		measured.latencies.sort((a, b) => a - b);
		console.log(
			[
				measured.name.padEnd(28),
				`${rateOf(measured).toFixed(0).padStart(5)}/s`,
				`ratio ${(rateOf(measured) / bareRate).toFixed(2)}`,
				`p99 ${percentile(measured.latencies, 0.99).toFixed(0)} ms`,
				`CPU app ${measured.pid ? (measured.cpuMs / measured.ok).toFixed(2) : '-'} ms/event`,
				`bench ${(measured.benchCpuMs / measured.ok).toFixed(2)} ms/event`,
				`failed ${measured.failed}`
			].join('  ')
		);
	}

	if (PROFILES) {
		// The apps write their profiles when they exit.
		for (const stop of cleanup.splice(0)) await stop();
		for (const { measured } of contenders.filter(({ measured }) => measured.pid)) {
			const file = readdirSync(PROFILES).find(
				(name) => name.includes(`.${measured.pid}.`) && name.endsWith('.cpuprofile')
			);
			if (file) summarize(measured.name, join(PROFILES, file), measured.windows);
		}
	}
} finally {
	for (const stop of cleanup) await stop();
	agent.destroy();
	await sandbox.stop();
}

function blank(name: string, pid?: number): Measured {
	return {
		name,
		ok: 0,
		failed: 0,
		seconds: 0,
		latencies: [],
		cpuMs: 0,
		benchCpuMs: 0,
		windows: [],
		pid
	};
}

function rateOf(measured: Measured) {
	return measured.ok / measured.seconds;
}

/** Pending orders through /api/checkout, paid in the sandbox, and their events' payloads. */
async function deliveriesFor(appUrl: string, count: number): Promise<string[]> {
	const intents = new Set<string>();
	const checkouts = await runAll({
		items: Array.from({ length: count }, (_, i) => i),
		concurrency: 10,
		task: async (i) => {
			const response = await send(agent, {
				url: `${appUrl}/api/checkout`,
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					items: [{ sku: 'bundle-professional', quantity: 1 }],
					email: `variant-${i}@example.com`
				})
			});
			if (response.status !== 200) return false;
			const { clientSecret } = JSON.parse(response.body) as { clientSecret: string };
			intents.add(clientSecret.split('_secret_')[0] ?? '');
			return true;
		}
	});
	if (checkouts.failed > 0) throw new Error(`${checkouts.failed} checkouts failed`);
	await runAll({
		items: [...intents],
		concurrency: 10,
		task: async (id) =>
			(await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' })).status ===
			'succeeded'
	});
	const payloads: string[] = [];
	for await (const event of stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
		if (event.type === 'payment_intent.succeeded' && intents.has(event.data.object.id)) {
			payloads.push(JSON.stringify(event));
		}
	}
	if (payloads.length !== count) throw new Error(`${payloads.length} events for ${count} orders`);
	return payloads;
}

interface ProfileNode {
	parent?: number;
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

/** Busy time of the measured windows, by package and by function (self time). */
function summarize(name: string, file: string, windows: [number, number][]) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: ProfileNode[];
		startTime: number;
		samples: number[];
		timeDeltas: number[];
	};
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	for (const node of profile.nodes) {
		for (const child of node.children ?? []) nodes.get(child)!.parent = node.id;
	}
	const inclusive = new Map<string, number>();
	const byFunction = new Map<string, number>();
	const byPackage = new Map<string, number>();
	let time = profile.startTime;
	let busy = 0;
	for (const [i, id] of profile.samples.entries()) {
		const delta = profile.timeDeltas[i] ?? 0;
		time += delta;
		if (!windows.some(([from, to]) => time >= from && time <= to)) continue;
		const frame = nodes.get(id)?.callFrame;
		if (!frame || frame.functionName === '(idle)') continue;
		// The interval until the next sample is this sample's weight.
		const weight = profile.timeDeltas[i + 1] ?? delta;
		busy += weight;
		const where = packageOf(frame.url, frame.functionName);
		const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
		byFunction.set(key, (byFunction.get(key) ?? 0) + weight);
		byPackage.set(where, (byPackage.get(where) ?? 0) + weight);
		// Each function once per stack, however deep it recurses.
		const seen = new Set<string>();
		for (let node = nodes.get(id); node; node = node.parent ? nodes.get(node.parent) : undefined) {
			const { functionName, url, lineNumber } = node.callFrame;
			const name = `${functionName || '(anonymous)'} ${packageOf(url, functionName)}:${lineNumber + 1}`;
			if (seen.has(name)) continue;
			seen.add(name);
			inclusive.set(name, (inclusive.get(name) ?? 0) + weight);
		}
	}
	const top = (map: Map<string, number>, count: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, count)
			.map(([key, value]) => `  ${((value / busy) * 100).toFixed(1).padStart(5)}%  ${key}`)
			.join('\n');
	console.log(`\nProfile of ${name}: ${(busy / 1000).toFixed(0)} ms busy in the measured batches`);
	console.log(`by package:\n${top(byPackage, 18)}`);
	console.log(`by function (self):\n${top(byFunction, 30)}`);
	console.log(`by function (inclusive):\n${top(inclusive, 60)}`);
}

function packageOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	const modules = url.lastIndexOf('/node_modules/');
	if (modules >= 0) {
		const rest = url.slice(modules + '/node_modules/'.length).split('/');
		return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
	}
	if (url.startsWith('node:')) return url;
	const build = url.indexOf('/.build');
	if (build >= 0) return `app ${url.slice(url.indexOf('/', build + 1) + 1)}`;
	return url;
}
