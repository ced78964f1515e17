import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as schema from './schema.js';

export { schema };

type Schema = typeof schema;

/**
 * The database both drivers give us. Every query in the marketplace is written against this type,
 * so PGlite and PostgreSQL run exactly the same statements.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface Database {
	db: Db;
	driver: 'pglite' | 'postgres';
	/** Closes the connection pool or the embedded database. */
	close(): Promise<void>;
}

export interface OpenDatabaseOptions {
	/** A PostgreSQL connection string. Without it, an embedded PGlite database is used. */
	url?: string;
	/**
	 * Where PGlite keeps its files; created on first start. `memory://` keeps it in memory.
	 * @default './data'
	 */
	dataDir?: string;
	/** Folder holding drizzle-kit's SQL migrations. @default the app's `drizzle/` folder */
	migrationsFolder?: string;
	/** Connections in the PostgreSQL pool. @default 10 */
	maxConnections?: number;
}

/**
 * Opens the marketplace database and brings its schema up to date. Safe to call on every start:
 * the migrator records applied migrations and skips them.
 * @example const { db } = await openDatabase({ url: process.env.DATABASE_URL });
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
	const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();

	if (options.url) {
		// `onnotice` is silenced because the migrator's "schema already exists" notices are noise.
		const client = postgres(options.url, {
			max: options.maxConnections ?? 10,
			onnotice: () => {}
		});
		const db = drizzlePostgres({ client, schema });
		try {
			await migratePostgres(db, { migrationsFolder });
		} catch (error) {
			await client.end();
			throw error;
		}
		return { db, driver: 'postgres', close: () => client.end() };
	}

	const dataDir = options.dataDir ?? './data';
	if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
	const client = await PGlite.create(dataDir);
	const db = drizzlePglite({ client, schema });
	try {
		await migratePglite(db, { migrationsFolder });
	} catch (error) {
		await client.close();
		throw error;
	}
	return { db, driver: 'pglite', close: () => client.close() };
}

/**
 * The migrations sit next to the source in development and tests; a built server (whose modules
 * are bundled elsewhere) finds them through `MIGRATIONS_DIR` or in `./drizzle` under its cwd.
 */
function defaultMigrationsFolder(): string {
	const candidates = [
		process.env.MIGRATIONS_DIR,
		fileURLToPath(new URL('../../../../drizzle', import.meta.url)),
		resolve('drizzle'),
		resolve('apps/marketplace/drizzle')
	];
	const found = candidates.find((folder) => folder && existsSync(resolve(folder, 'meta')));
	if (!found)
		throw new Error(`No migrations found; set MIGRATIONS_DIR. Looked in ${candidates.join(', ')}`);
	return found;
}
