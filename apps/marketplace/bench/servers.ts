// Starts what the benchmarks measure: the built marketplace (adapter-node) with the Node flags of
// scripts/node-flags.mjs, pointed at the offline sandbox exactly as scripts/start.mjs does, except
// that the sandbox has no webhook endpoint.
// The webhook benchmark posts the events itself, so the sandbox's own deliveries would only add
// unmeasured load and fulfil the orders before the measured batch.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sandbox } from '@nobs-pay/sandbox';
import postgres from 'postgres';
import { appNodeFlags } from '../scripts/node-flags.mjs';

const build = fileURLToPath(new URL('../build', import.meta.url));
// Inside the app, so the copy resolves the app's node_modules like the original does.
const snapshot = fileURLToPath(new URL('.build', import.meta.url));
const migrations = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Copies build/ aside and returns the copy's entry point. Others rebuild the app while they
 * work; a rebuild in the middle of a run would swap the files under the running server.
 */
export function snapshotBuild(): string {
	if (!existsSync(join(build, 'index.js'))) {
		throw new Error('The marketplace is not built: run `pnpm --filter marketplace build` first.');
	}
	rmSync(snapshot, { recursive: true, force: true });
	cpSync(build, snapshot, { recursive: true });
	return join(snapshot, 'index.js');
}

export interface RunningApp {
	url: string;
	/** The process's peak resident memory so far, in MB, as the kernel counts it (VmHWM). */
	peakRssMb(): number;
	/** The same peak at the moment the app first answered: its start-up (database, migrations). */
	startPeakRssMb: number;
	stop(): Promise<void>;
}

export interface AppOptions {
	/** The server's entry point, from `snapshotBuild()`. */
	entry: string;
	port: number;
	sandbox: Sandbox;
	webhookSecret: string;
	/** PostgreSQL connection string; without it the app uses PGlite in a fresh temporary folder. */
	databaseUrl?: string;
	/** PGlite's folder when it must hold prepared data; kept after the app stops. */
	dataDir?: string;
	/** More environment for the app (set a name to undefined to unset it). */
	env?: NodeJS.ProcessEnv;
	/** Node flags instead of `scripts/node-flags.mjs`'s, to compare them side by side. */
	nodeFlags?: readonly string[];
}

/** Starts `node build/index.js` and resolves once it answers, i.e. its database is migrated. */
export async function startApp(options: AppOptions) {
	const { entry, port, sandbox, webhookSecret, databaseUrl } = options;
	const url = `http://127.0.0.1:${port}`;
	// A temporary folder is removed when the app stops; a given one is the caller's.
	const dataDir =
		databaseUrl || options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'nobs-bench-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: url,
		STRIPE_SECRET_KEY: sandbox.secretKey,
		STRIPE_PUBLISHABLE_KEY: sandbox.publishableKey,
		STRIPE_WEBHOOK_SECRET: webhookSecret,
		STRIPE_API_URL: sandbox.url,
		STRIPE_JS_URL: sandbox.stripeJsUrl,
		NOBS_SANDBOX: '1',
		DATA_DIR: options.dataDir ?? dataDir,
		DATABASE_URL: databaseUrl,
		MIGRATIONS_DIR: migrations,
		// The build's initialised database, copied into the fresh DATA_DIR (see db/index.ts).
		PGLITE_TEMPLATE_DIR: join(dirname(entry), 'pglite-template'),
		// The bench's thousands of checkouts come from one address: not what the limit is for.
		RATE_LIMIT_CHECKOUT: '1000000',
		// No receipts are sent: mail stays in the outbox, as with `pnpm start` without SMTP.
		SMTP_URL: undefined,
		...options.env
	};
	// BENCH_CPU_PROF=<folder>: each app writes a V8 CPU profile there when it exits.
	const profile = process.env.BENCH_CPU_PROF
		? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
		: [];
	const child = spawn(
		process.execPath,
		[...(options.nodeFlags ?? appNodeFlags({ embedded: !databaseUrl })), ...profile, entry],
		{
			env,
			stdio: ['ignore', 'ignore', 'pipe']
		}
	);
	// The app's own errors (a failed webhook handler, say) stay visible, marked as the app's.
	child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[app] ${chunk.toString()}`));
	// If the bench dies halfway (an error, Ctrl-C), the app must not outlive it on a bench port.
	const killOnExit = () => {
		child.kill('SIGKILL');
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	};
	process.once('exit', killOnExit);
	const stop = async () => {
		await exit(child);
		process.off('exit', killOnExit);
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	};
	try {
		await waitUntilAnswering(`${url}/about`, child);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		url,
		stop,
		peakRssMb: () => peakRssMb(child.pid),
		startPeakRssMb: peakRssMb(child.pid)
	} satisfies RunningApp;
}

function peakRssMb(pid: number | undefined): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kB = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
	if (!kB) throw new Error(`No VmHWM in /proc/${pid}/status.`);
	return Number(kB) / 1024;
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode}.`);
		const status = await fetch(url).then(
			(response) => response.status,
			() => 0
		);
		if (status === 200) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`The app did not answer ${url} within ${timeoutMs / 1000} s.`);
}

/**
 * SIGTERM, then SIGKILL after `graceMs`: the app closes its database and exits by itself, but a
 * benchmark must end even if a future change breaks that.
 */
function exit(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => {
			console.error(`… the app did not exit within ${graceMs / 1000} s of SIGTERM: killed`);
			child.kill('SIGKILL');
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * A PostgreSQL database created for this run and dropped afterwards, so the benchmark starts
 * from empty tables. Named after the app's port: a run interrupted before its drop leaves the
 * database behind, and the next run on that port replaces it.
 */
export async function freshPostgresDatabase({
	serverUrl,
	port
}: {
	serverUrl: string;
	port: number;
}) {
	const name = `nobs_bench_${port}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists "${name}" with (force)`);
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.href,
		drop: async () => {
			// `with (force)` ends connections the stopped app may not have closed yet.
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	};
}
