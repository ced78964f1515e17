import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { freshDatabase } from '../../scripts/e2e-database.mjs';
import { SANDBOX_SECRET_KEY, WEBHOOK_SECRET, type Driver } from './env';
import { test } from './fixtures';

const APP_ENTRY = new URL('../../build/index.js', import.meta.url).pathname;

/** A port nobody listens on right now (the OS picks it), for an app started inside a test. */
export async function freePort(): Promise<number> {
	const server = createServer().listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	server.close();
	if (address === null || typeof address === 'string') throw new Error('No TCP port');
	return address.port;
}

export interface AppProcess {
	origin: string;
	/** Stops the server as a deploy does (see `stopProcess`); `true` when it exited by itself. */
	stop(): Promise<boolean>;
}

/**
 * Starts the built app (`node build/index.js`) with the environment scripts/start.mjs gives it in
 * sandbox mode, and resolves once it answers. Its output is kept for the error message.
 */
export async function startApp(options: {
	port: number;
	sandbox: Sandbox;
	databaseEnv: Record<string, string | undefined>;
	/** More variables, e.g. low rate limits. */
	env?: Record<string, string>;
}): Promise<AppProcess> {
	const origin = `http://127.0.0.1:${options.port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(options.port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		STRIPE_SECRET_KEY: options.sandbox.secretKey,
		STRIPE_PUBLISHABLE_KEY: options.sandbox.publishableKey,
		STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
		STRIPE_API_URL: options.sandbox.url,
		STRIPE_JS_URL: options.sandbox.stripeJsUrl,
		NOBS_SANDBOX: '1',
		RATE_LIMIT_CHECKOUT: '10000',
		RATE_LIMIT_LICENSES: '10000',
		RATE_LIMIT_SIGN_IN: '10000',
		...options.env
	};
	for (const [key, value] of Object.entries(options.databaseEnv)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	const child = spawn(process.execPath, [APP_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const output = collectOutput(child);
	await waitUntilAnswering(`${origin}/`, child, output);
	return { origin, stop: () => stopProcess(child) };
}

/**
 * How long a started process may take to answer before the test gives up. Only a guard against a
 * hang: on a loaded machine (CI, or eight suites on two cores) a start takes what it takes, and
 * the wait below ends as soon as the app answers.
 */
export const START_CEILING_MS = 5 * 60_000;

/** Keeps a child's stdout and stderr, for the error message when it fails to start. */
export function collectOutput(child: ChildProcess): () => string {
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
	return () => output;
}

/**
 * Polls `url` until it answers 2xx: readiness, not a fixed delay. Fails at once when the process
 * exits, and after `START_CEILING_MS` when it never answers (the process is then killed).
 */
export async function waitUntilAnswering(
	url: string,
	child: ChildProcess,
	output: () => string
): Promise<void> {
	const deadline = Date.now() + START_CEILING_MS;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`The app exited at start:\n${output()}`);
		const up = await fetch(url).then(
			(response) => response.ok,
			() => false
		);
		if (up) return;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`The app did not answer within ${START_CEILING_MS / 1000} s:\n${output()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/**
 * Stops a process as a deploy does: SIGTERM, then SIGKILL if it is still running 30 s later (a
 * loaded machine may need that long to close a database). `true` when it exited by itself.
 */
export async function stopProcess(child: ChildProcess): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	await exited;
	clearTimeout(timer);
	return child.signalCode !== 'SIGKILL';
}

export interface OwnStack {
	sandbox: Sandbox;
	port: number;
	databaseEnv: Record<string, string | undefined>;
	dispose(): Promise<void>;
}

/**
 * A sandbox and a fresh database of the project's driver, for tests that stop the app or must
 * control webhook delivery themselves. `deliverWebhooks: false` leaves events undelivered, so the
 * test is the only sender.
 */
export async function ownStack(options: {
	driver: Driver;
	name: string;
	deliverWebhooks: boolean;
}): Promise<OwnStack> {
	const port = await freePort();
	const database = await freshDatabase({ driver: options.driver, name: options.name });
	const sandbox = await startSandbox({
		secretKey: SANDBOX_SECRET_KEY,
		webhooks: options.deliverWebhooks
			? [{ url: `http://127.0.0.1:${port}/api/stripe/webhook`, secret: WEBHOOK_SECRET }]
			: []
	});
	return {
		sandbox,
		port,
		databaseEnv: database.env,
		dispose: async () => {
			await sandbox.stop();
			await database.drop();
		}
	};
}

/** A stack of a test's own with the app running on it; `useOwnStack` stops both after the test. */
export interface OwnApp extends Omit<OwnStack, 'dispose'> {
	origin: string;
	/** Stops the app (see `AppProcess.stop`); `true` when it exited by itself. */
	stopApp(): Promise<boolean>;
	/** Starts the app again on the same port, sandbox and database, after `stopApp`. */
	restartApp(): Promise<void>;
}

/**
 * For specs whose tests each need a stack of their own: registers an `afterEach` that stops the
 * app and drops the stack, and returns the function a test calls to start both (the options of
 * `ownStack`, plus `env` for `startApp`).
 */
export function useOwnStack(): (
	options: Parameters<typeof ownStack>[0] & { env?: Record<string, string> }
) => Promise<OwnApp> {
	let own: OwnStack | undefined;
	let app: AppProcess | undefined;
	test.afterEach(async () => {
		await app?.stop();
		await own?.dispose();
		[own, app] = [undefined, undefined];
	});
	return async ({ env, ...options }) => {
		const stack = await ownStack(options);
		own = stack;
		const restartApp = async () => {
			app = await startApp({ ...stack, env });
		};
		await restartApp();
		return {
			sandbox: stack.sandbox,
			port: stack.port,
			databaseEnv: stack.databaseEnv,
			origin: app!.origin,
			stopApp: () => app!.stop(),
			restartApp
		};
	};
}
