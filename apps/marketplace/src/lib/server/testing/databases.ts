import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../db/index.js';

/**
 * Test databases for both drivers. PGlite always runs; PostgreSQL runs when DATABASE_URL is set
 * (CI sets it and fails on skipped tests), each time in a fresh database that is dropped after.
 */
export interface TestDatabase extends Database {
	/** Drops what `open` created. */
	destroy(): Promise<void>;
	/** The connection string of the fresh PostgreSQL database. */
	url?: string;
}

export const drivers = [
	{ driver: 'pglite' as const, skip: false, open: openPglite },
	{ driver: 'postgres' as const, skip: !process.env.DATABASE_URL, open: openFreshPostgres }
];

/** A temporary PGlite directory; `dataDir` lets a test reopen the same files. */
export async function openPglite(
	dataDir = mkdtempSync(join(tmpdir(), 'marketplace-'))
): Promise<TestDatabase> {
	const database = await openDatabase({ dataDir });
	return {
		...database,
		async destroy() {
			await database.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A new, empty database on the PostgreSQL server at DATABASE_URL. */
export async function openFreshPostgres(): Promise<TestDatabase> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) throw new Error('DATABASE_URL is not set.');
	const name = `marketplace_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	try {
		const database = await openDatabase({ url: url.href, maxConnections: 20 });
		return {
			...database,
			url: url.href,
			async destroy() {
				await database.close();
				await admin.unsafe(`drop database if exists "${name}" with (force)`);
				await admin.end();
			}
		};
	} catch (error) {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
		throw error;
	}
}

/**
 * Runs `suite` once per driver with a database opened before and destroyed after it.
 * @example describeEachDriver('downloads', (database) => { it('…', async () => { database().db … }) });
 */
export function describeEachDriver(
	title: string,
	suite: (database: () => TestDatabase) => void
): void {
	for (const { driver, skip, open } of drivers) {
		describe.skipIf(skip)(`${title} (${driver})`, () => {
			let database: TestDatabase | undefined;
			beforeAll(async () => {
				database = await open();
			});
			afterAll(async () => {
				await database?.destroy();
			});
			suite(() => {
				if (!database) throw new Error('The test database is not open yet.');
				return database;
			});
		});
	}
}
