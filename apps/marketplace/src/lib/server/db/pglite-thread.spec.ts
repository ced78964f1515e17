import { eq } from 'drizzle-orm';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../testing/databases.js';
import { stripeEvents } from './schema.js';

let count = 0;
const newEvent = () => ({
	id: `evt_thread_${process.pid}_${count++}`,
	type: 'charge.refunded',
	lockedUntil: new Date()
});

/** The app's PGlite on its own thread, through drizzle as the app uses it. */
describe('PGlite on its own thread', () => {
	it('answers queries, and PostgreSQL errors keep their code', async () => {
		const database = await openPglite();
		try {
			const { db } = database;
			const event = newEvent();
			await db.insert(stripeEvents).values(event);
			const rows = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
			expect(rows).toMatchObject([{ id: event.id, status: 'pending', attempts: 1 }]);
			// Dates cross the thread as the text drizzle parses itself.
			expect(rows[0]?.receivedAt).toBeInstanceOf(Date);

			const duplicate = await db
				.insert(stripeEvents)
				.values(event)
				.then(() => undefined)
				.catch((error: { cause?: { code?: string } }) => error);
			expect(duplicate?.cause?.code).toBe('23505');
		} finally {
			await database.destroy();
		}
	});

	it('commits a transaction, and rolls back one that throws, savepoints included', async () => {
		const database = await openPglite();
		try {
			const { db } = database;
			const [kept, inner, dropped] = [newEvent(), newEvent(), newEvent()];
			await db.transaction(async (tx) => {
				await tx.insert(stripeEvents).values(kept);
				await tx
					.transaction(async (savepoint) => {
						await savepoint.insert(stripeEvents).values(inner);
						throw new Error('inner fails');
					})
					.catch(() => {});
			});
			await expect(
				db.transaction(async (tx) => {
					await tx.insert(stripeEvents).values(dropped);
					throw new Error('outer fails');
				})
			).rejects.toThrow('outer fails');

			const ids = (await db.select({ id: stripeEvents.id }).from(stripeEvents)).map(
				(row) => row.id
			);
			expect(ids).toContain(kept.id);
			expect(ids).not.toContain(inner.id);
			expect(ids).not.toContain(dropped.id);
			// The database is usable after a rollback: no transaction was left open.
			await db.insert(stripeEvents).values(newEvent());
		} finally {
			await database.destroy();
		}
	});

	it('lets a script exit once its database is idle, without closing it', () => {
		// The thread holds the process only while a statement is in flight.
		const script = `
			import { openPglite } from './src/lib/server/testing/databases.ts';
			import { stripeEvents } from './src/lib/server/db/schema.ts';
			const { db } = await openPglite(process.env.DATA_DIR);
			console.log((await db.select().from(stripeEvents)).length);
		`;
		const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-thread-'));
		try {
			const run = spawnSync(
				process.execPath,
				['--import', 'tsx', '--input-type=module', '-e', script],
				{ encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATA_DIR: dataDir } }
			);
			expect(run.error).toBeUndefined();
			expect(run.stdout.trim()).toBe('0');
			expect(run.status).toBe(0);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
