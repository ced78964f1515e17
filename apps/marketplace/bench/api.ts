// The License API's overhead: POST /api/v1/licenses/validate (bearer key check, plan, per-minute
// limit, period count, usage counting and a database read) next to GET /api/health, a bare JSON
// endpoint of the same server. Both run in the built app, in alternating rounds, first with the
// limits in process memory, then in Redis. Exits non-zero when a ratio misses its target.
// Run: pnpm --filter marketplace build && pnpm --filter marketplace bench:api
// Env: BENCH_API_PORT, BENCH_API_SANDBOX_PORT, REDIS_URL (default redis://127.0.0.1:6379).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@nobs-pay/sandbox';
import { createApiKeys } from '../src/lib/server/api/api-keys.js';
import { memoryKeyBus } from '../src/lib/server/api/key-bus.js';
import { createProduct, issueLicense } from '../src/lib/server/api/subscriber-licenses.js';
import { openDatabase } from '../src/lib/server/db/index.js';
import { keepAliveAgent, percentile, runFor, send, type TimedResult } from './load.js';
import { snapshotBuild, startApp } from './servers.js';

const APP_PORT = Number(process.env.BENCH_API_PORT ?? 4111);
const SANDBOX_PORT = Number(process.env.BENCH_API_SANDBOX_PORT ?? 13111);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * Subscribers the calls rotate over: Enterprise allows 6,000 requests a minute each, so 20 allow
 * 2,000 a second, more than this server answers.
 */
const ACCOUNTS = 20;
const CONCURRENCY = 8;
const ROUNDS = 6;
const ROUND_MS = 1_000;
const TARGETS = { memory: 0.5, redis: 0.3 };

const step = (message: string) => console.error(`… ${message}`);
process.once('SIGINT', () => process.exit(130));

/** Keys and licenses made through the server modules, in a PGlite folder the app then opens. */
async function prepare(dataDir: string) {
	const database = await openDatabase({ dataDir });
	const keys = createApiKeys({ db: database.db, mode: 'test', bus: memoryKeyBus() });
	const callers = [];
	for (let i = 0; i < ACCOUNTS; i++) {
		const accountId = `acct_bench_${i}`;
		const product = await createProduct(database.db, accountId, { name: `Product ${i}` });
		const issued = await issueLicense(database.db, accountId, { product: product.id });
		const { secret } = await keys.create({ accountId, name: 'bench', expiresInDays: null });
		callers.push({ apiKey: secret, licenseKey: issued!.key });
	}
	keys.close();
	await database.close();
	return callers;
}

interface Measured extends TimedResult {
	rates: number[];
}

async function measure(appUrl: string, callers: { apiKey: string; licenseKey: string }[]) {
	const agent = keepAliveAgent(CONCURRENCY);
	let next = 0;
	const tasks = {
		validate: async () => {
			const caller = callers[next++ % callers.length]!;
			const response = await send(agent, {
				url: `${appUrl}/api/v1/licenses/validate`,
				method: 'POST',
				headers: { authorization: `Bearer ${caller.apiKey}`, 'content-type': 'application/json' },
				body: JSON.stringify({ key: caller.licenseKey })
			});
			return response.status === 200 && response.body.includes('"code":"VALID"');
		},
		bare: async () => {
			const response = await send(agent, { url: `${appUrl}/api/health` });
			return response.status === 200 && response.body === '{"ok":true}';
		}
	};
	const totals: Record<keyof typeof tasks, Measured> = {
		validate: { ok: 0, failed: 0, seconds: 0, latencies: [], rates: [] },
		bare: { ok: 0, failed: 0, seconds: 0, latencies: [], rates: [] }
	};
	for (const task of Object.values(tasks))
		await runFor({ durationMs: 1_000, concurrency: CONCURRENCY, task });
	// Alternating short rounds: a burst of load from other processes hits both alike.
	for (let round = 0; round < ROUNDS; round++) {
		for (const [name, task] of Object.entries(tasks) as [
			keyof typeof tasks,
			() => Promise<boolean>
		][]) {
			const result = await runFor({ durationMs: ROUND_MS, concurrency: CONCURRENCY, task });
			const total = totals[name];
			total.ok += result.ok;
			total.failed += result.failed;
			total.seconds += result.seconds;
			total.latencies.push(...result.latencies);
			total.rates.push(result.ok / result.seconds);
		}
	}
	agent.destroy();
	for (const total of Object.values(totals)) total.latencies.sort((a, b) => a - b);
	return totals;
}

const median = (values: number[]) =>
	percentile(
		[...values].sort((a, b) => a - b),
		0.5
	);

const entry = snapshotBuild();
const sandbox = await startSandbox({ port: SANDBOX_PORT });
const dataDir = mkdtempSync(join(tmpdir(), 'nobs-bench-api-'));
const rows: string[][] = [];
let missed = false;
try {
	step(`preparing ${ACCOUNTS} subscribers with a key and a license each`);
	const callers = await prepare(dataDir);
	for (const mode of ['memory', 'redis'] as const) {
		step(`starting the app, limits in ${mode}`);
		const app = await startApp({
			entry,
			port: APP_PORT,
			sandbox,
			webhookSecret: 'whsec_bench',
			dataDir,
			env: {
				API_DEV_PLAN: 'api-enterprise',
				REDIS_URL: mode === 'redis' ? REDIS_URL : undefined,
				RATE_LIMIT_PREFIX: `nobs_bench_api_${Date.now()}`
			}
		});
		try {
			step('measuring');
			const { validate, bare } = await measure(app.url, callers);
			if (validate.failed || bare.failed) {
				throw new Error(
					`Wrong answers: ${validate.failed} validations, ${bare.failed} health checks.`
				);
			}
			const ratio = median(validate.rates) / median(bare.rates);
			const ok = ratio >= TARGETS[mode];
			missed ||= !ok;
			rows.push([
				mode,
				median(validate.rates).toFixed(0),
				percentile(validate.latencies, 0.99).toFixed(1),
				median(bare.rates).toFixed(0),
				percentile(bare.latencies, 0.99).toFixed(1),
				ratio.toFixed(2),
				`${ok ? 'meets' : 'MISSES'} target ${TARGETS[mode]}`
			]);
		} finally {
			await app.stop();
		}
	}
} finally {
	await sandbox.stop();
	rmSync(dataDir, { recursive: true, force: true });
}

const header = [
	'limits',
	'validate rps',
	'validate p99 ms',
	'bare rps',
	'bare p99 ms',
	'ratio',
	'verdict'
];
const widths = header.map((title, i) =>
	Math.max(title.length, ...rows.map((row) => row[i]!.length))
);
console.log(`\nPOST /api/v1/licenses/validate vs GET /api/health, ${CONCURRENCY} connections`);
for (const line of [header, widths.map((width) => '-'.repeat(width)), ...rows]) {
	console.log(line.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}
process.exit(missed ? 1 : 0);
