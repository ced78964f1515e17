import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresInbox, releaseAbandonedClaims, WEBHOOK_LEASE_MS } from './inbox.js';
import { openFreshPostgres, openPglite } from './testing/databases.js';

const HANG = new URL('./testing/claim-and-hang.ts', import.meta.url).pathname;
const newEvent = () => ({
	id: `evt_${randomBytes(8).toString('hex')}`,
	type: 'payment_intent.succeeded'
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a process that claims `eventId` and hangs in its handler; resolves once it claimed. */
async function claimInAnotherProcess(target: string, eventId: string, leaseMs: number) {
	const child = spawn(process.execPath, ['--import', 'tsx', HANG, target, eventId, `${leaseMs}`], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk));
	// Readiness, not a delay: the child says when it holds the claim (a start can take long).
	while (!output.includes('claimed')) {
		if (child.exitCode !== null) throw new Error(`The claiming process exited: ${output}`);
		await sleep(50);
	}
	return child;
}

async function kill(child: ChildProcess) {
	const exited = once(child, 'exit');
	child.kill('SIGKILL');
	await exited;
}

describe.skipIf(!process.env.DATABASE_URL)('webhook claims of a crashed process (postgres)', () => {
	it('a live handler keeps its claim past the lease; a killed one frees it within one lease', async () => {
		const database = await openFreshPostgres();
		try {
			const inbox = postgresInbox(database.db);
			const event = newEvent();
			const leaseMs = 2_000;
			const holder = await claimInAnotherProcess(database.url ?? '', event.id, leaseMs);
			// Twice the lease later the heartbeat has kept it: no second run while the first lives.
			await sleep(2 * leaseMs);
			expect(await inbox.claim(event, { leaseMs })).toBe('busy');

			await kill(holder);
			const killedAt = Date.now();
			let claim = await inbox.claim(event, { leaseMs });
			while (claim === 'busy') {
				await sleep(100);
				claim = await inbox.claim(event, { leaseMs });
			}
			expect(claim).toBe('claimed');
			// Within about one lease of the crash (generous for a loaded machine), not 60 s.
			expect(Date.now() - killedAt).toBeLessThan(leaseMs + 15_000);
		} finally {
			await database.destroy();
		}
	}, 240_000);
});

describe('webhook claims of a crashed process (pglite)', () => {
	it('are released when PGlite is opened again, so the retry runs at once', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-crash-'));
		try {
			const event = newEvent();
			const holder = await claimInAnotherProcess(dataDir, event.id, WEBHOOK_LEASE_MS * 10);
			await kill(holder);

			const database = await openPglite(dataDir);
			try {
				const inbox = postgresInbox(database.db);
				expect(await inbox.claim(event, { leaseMs: WEBHOOK_LEASE_MS })).toBe('busy');
				expect(await releaseAbandonedClaims(database.db)).toBe(1);
				expect(await inbox.claim(event, { leaseMs: WEBHOOK_LEASE_MS })).toBe('claimed');
				await inbox.complete(event.id);
			} finally {
				await database.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	}, 240_000);
});
