// A probe beside the webhook benchmark, not part of `bench`: the client's CPU per request with
// node:http's keep-alive Agent and with undici's Pool, alternating, against one bare node:http
// server answering like the webhook endpoint (200, no body, a few headers), 64 in flight.
// Run: tsx bench/probe-client.ts
import { spawn } from 'node:child_process';
import { ownCpuMs } from './cpu.js';
import { connectionPool, keepAliveAgent, runAll, send, sendThrough } from './load.js';
const port = 4577;
const server = spawn(
	process.execPath,
	[
		'-e',
		`require('node:http').createServer((req, res) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => { res.writeHead(200, { 'x-webhook-result': 'handled', 'content-security-policy': "default-src 'none'", 'x-frame-options': 'DENY' }); res.end(); }); }).listen(${port}, '127.0.0.1')`
	],
	{ stdio: 'inherit' }
);
await new Promise((r) => setTimeout(r, 800));
const body = 'x'.repeat(3000);
const headers = {
	'content-type': 'application/json',
	'stripe-signature': 't=1,v1=' + 'a'.repeat(64)
};
const agent = keepAliveAgent(64);
const pool = connectionPool(`http://127.0.0.1:${port}`, 64);
const clients = {
	'node:http': () =>
		send(agent, {
			url: `http://127.0.0.1:${port}/api/stripe/webhook`,
			method: 'POST',
			headers,
			body
		}),
	'undici Pool': () =>
		sendThrough(pool, { path: '/api/stripe/webhook', method: 'POST', headers, body })
};
const totals: Record<string, { cpu: number; n: number }> = {};
for (let round = 0; round < 7; round++) {
	for (const [name, call] of Object.entries(clients)) {
		const cpu = ownCpuMs();
		const r = await runAll({
			items: Array.from({ length: 3000 }, () => 0),
			concurrency: 64,
			task: async () => {
				const x = await call();
				return x.status === 200 && x.headers['x-webhook-result'] === 'handled';
			}
		});
		if (r.failed) throw new Error('failed');
		if (round === 0) continue;
		const t = (totals[name] ??= { cpu: 0, n: 0 });
		t.cpu += ownCpuMs() - cpu;
		t.n += r.ok;
	}
}
for (const [name, t] of Object.entries(totals))
	console.log(name.padEnd(12), (t.cpu / t.n).toFixed(3), 'ms CPU per request');
server.kill();
agent.destroy();
await pool.close();
