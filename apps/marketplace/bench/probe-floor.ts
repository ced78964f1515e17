// A probe beside the webhook benchmark, not part of `bench`: the server CPU per request of the
// app's fixed path (Node's HTTP server, SvelteKit's Request and Response, the hooks), side by side
// with a bare node:http server that reads the same body. `GET /healthz` goes through the session
// hook (Better Auth, no cookie) and answers JSON; a webhook with a bad signature reads its body,
// checks the HMAC and answers 400 with a small JSON body, without touching the database.
// Run: tsx bench/probe-floor.ts (BENCH_PORT, BENCH_SANDBOX_PORT), after building the app.
import { spawn } from 'node:child_process';
import { startSandbox } from '@nobs-pay/sandbox';
import { processCpuMs, ownCpuMs, pidListeningOn } from './cpu.js';
import { keepAliveAgent, runAll, send } from './load.js';
import { freshPostgresDatabase, snapshotBuild, startApp } from './servers.js';

const PORT = Number(process.env.BENCH_PORT ?? 4101);
const sandbox = await startSandbox({ port: Number(process.env.BENCH_SANDBOX_PORT ?? 13101) });
const agent = keepAliveAgent(64);
const database = await freshPostgresDatabase({
	serverUrl: 'postgres://postgres@127.0.0.1:5432/test',
	port: PORT
});
const app = await startApp({
	entry: snapshotBuild(),
	port: PORT,
	sandbox,
	webhookSecret: 'whsec_bench',
	databaseUrl: database.url
});
// A bare node:http server in its own process: reads the body, answers 200 with one header.
const floorPort = PORT + 7;
const floor = spawn(
	process.execPath,
	[
		'-e',
		`require('node:http').createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => { Buffer.concat(c).toString(); res.writeHead(200, { 'x-webhook-result': 'handled' }); res.end(); }); }).listen(${floorPort}, '127.0.0.1')`
	],
	{ stdio: 'inherit' }
);
await new Promise((resolve) => setTimeout(resolve, 1000));
const payload = JSON.stringify({
	id: 'evt_x',
	type: 'payment_intent.succeeded',
	data: { object: { id: 'pi_x', padding: 'x'.repeat(1700) } }
});
const probes = [
	{
		name: 'bare node:http, POST 1.8 kB',
		url: `http://127.0.0.1:${floorPort}/`,
		method: 'POST' as const,
		body: payload,
		pid: floor.pid!,
		ok: 200
	},
	{
		name: 'app GET /healthz',
		url: `${app.url}/healthz`,
		method: 'GET' as const,
		body: undefined,
		pid: pidListeningOn(PORT)!,
		ok: 200
	},
	{
		name: 'app POST webhook, bad signature',
		url: `${app.url}/api/stripe/webhook`,
		method: 'POST' as const,
		body: payload,
		pid: pidListeningOn(PORT)!,
		ok: 400
	}
];
const totals = probes.map(() => ({ n: 0, cpu: 0, bench: 0, seconds: 0 }));
for (let round = 0; round < 4; round++) {
	for (const [i, probe] of probes.entries()) {
		const items = Array.from({ length: 1500 }, () => 0);
		const cpu = processCpuMs(probe.pid);
		const own = ownCpuMs();
		const result = await runAll({
			items,
			concurrency: 64,
			task: async () =>
				(
					await send(agent, {
						url: probe.url,
						method: probe.method,
						headers: probe.body
							? { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }
							: {},
						body: probe.body
					})
				).status === probe.ok
		});
		if (result.failed) throw new Error(`${probe.name}: ${result.failed} failed`);
		if (round === 0) continue; // warm-up
		totals[i]!.n += result.ok;
		totals[i]!.cpu += processCpuMs(probe.pid) - cpu;
		totals[i]!.bench += ownCpuMs() - own;
		totals[i]!.seconds += result.seconds;
	}
}
for (const [i, probe] of probes.entries()) {
	const t = totals[i]!;
	console.log(
		`${probe.name.padEnd(34)} ${(t.n / t.seconds).toFixed(0).padStart(6)}/s  server ${(t.cpu / t.n).toFixed(3)} ms/req  client ${(t.bench / t.n).toFixed(3)} ms/req`
	);
}
floor.kill();
await app.stop();
await database.drop();
agent.destroy();
await sandbox.stop();
