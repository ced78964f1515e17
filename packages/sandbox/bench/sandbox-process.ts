/**
 * Starts the sandbox CLI in its own process for a benchmark, so client and server do not share an
 * event loop and the memory figures are the sandbox's alone.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';

export interface Health {
	objects: number;
	rss_bytes: number;
	peak_rss_bytes: number;
	cpu_ms: number;
}

export interface SandboxProcess {
	url: string;
	secretKey: string;
	/** The official SDK pointed at the sandbox, without retries. */
	stripe: Stripe;
	health(): Promise<Health>;
	stop(): void;
}

export async function startSandboxProcess(args: string[] = []): Promise<SandboxProcess> {
	const root = fileURLToPath(new URL('..', import.meta.url));
	// SANDBOX_NODE_FLAGS passes V8 flags to the sandbox process (e.g. "--max-semi-space-size=64").
	const flags = (process.env.SANDBOX_NODE_FLAGS ?? '').split(' ').filter(Boolean);
	const child = spawn(
		process.execPath,
		[...flags, '--import', 'tsx', 'src/cli.ts', '--port', '0', ...args],
		{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
	);
	const ready = JSON.parse(
		await new Promise<string>((resolve) =>
			createInterface({ input: child.stdout }).once('line', resolve)
		)
	) as {
		url: string;
		secretKey: string;
		stripeConfig: { host: string; port: number; protocol: 'http' };
	};
	return {
		url: ready.url,
		secretKey: ready.secretKey,
		stripe: new Stripe(ready.secretKey, { ...ready.stripeConfig, maxNetworkRetries: 0 }),
		health: async () => {
			const response = await fetch(`${ready.url}/_sandbox/health`, {
				headers: { authorization: `Bearer ${ready.secretKey}` }
			});
			return (await response.json()) as Health;
		},
		stop: () => child.kill('SIGTERM')
	};
}
