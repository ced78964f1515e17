import { types, type PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import {
	PgDialect,
	type PgDatabase,
	type PgPreparedQuery,
	type PgQueryResultHKT,
	type PgTransaction,
	type PreparedQueryConfig
} from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openPgliteThread } from './pglite-thread.js';
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
	/**
	 * An initialised PGlite data folder (see scripts/pglite-template.ts) copied into an empty
	 * `dataDir` instead of running initdb, which peaks at about 800 MB of memory. `false`: always
	 * run initdb.
	 * @default `PGLITE_TEMPLATE_DIR`, else `build/pglite-template` when it exists
	 */
	template?: string | false;
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
		const db = drizzlePostgres({ client: preparedStatements(client), schema });
		try {
			await migratePostgres(db, { migrationsFolder });
		} catch (error) {
			await client.end();
			throw error;
		}
		return { db, driver: 'postgres', close: () => client.end() };
	}

	const dataDir = options.dataDir ?? './data';
	if (!dataDir.includes('://')) {
		mkdirSync(dataDir, { recursive: true });
		const template = options.template ?? defaultTemplate();
		// An empty folder only: a database is never overwritten.
		if (template && !existsSync(join(dataDir, 'PG_VERSION'))) {
			cpSync(template, dataDir, { recursive: true });
		}
	}
	// On a thread of its own (see pglite-thread.ts); drizzle uses only `query` and `transaction`.
	const client = await openPgliteThread({
		dataDir,
		unparsedTypes: UNPARSED_TYPES,
		postgresqlconf: PGLITE_OPTIONS.postgresqlconf
	});
	const db = drizzlePglite({ client: client as unknown as PGlite, schema });
	try {
		await migratePglite(db, { migrationsFolder });
	} catch (error) {
		await client.close();
		throw error;
	}
	return { db, driver: 'pglite', close: () => client.close() };
}

/**
 * The rows of a raw statement, whichever the driver: postgres-js answers an array of rows, PGlite
 * an object holding them.
 */
export async function queryRows<T extends Record<string, unknown>>(
	db: Db,
	query: SQL
): Promise<T[]> {
	const result: unknown = await db.execute(query);
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const dialect = new PgDialect();
const preparedByDb = new WeakMap<Db, Map<string, PgPreparedQuery<PreparedQueryConfig>>>();

/**
 * Like `queryRows`, for a hot statement: `build` makes it once per database with placeholders
 * (`sql.placeholder('name')`), and each call only fills them in from `values`, so drizzle does not
 * assemble the same SQL again on every call.
 * @example await queryPrepared(db, 'order_fulfil', fulfilStatement, { paymentIntentId, ... })
 */
export async function queryPrepared<T extends Record<string, unknown>>(
	db: Db,
	name: string,
	build: () => SQL,
	values: Record<string, unknown>
): Promise<T[]> {
	let statements = preparedByDb.get(db);
	if (!statements) preparedByDb.set(db, (statements = new Map()));
	let statement = statements.get(name);
	if (!statement) {
		statement = db._.session.prepareQuery(dialect.sqlToQuery(build()), undefined, name, false);
		statements.set(name, statement);
	}
	const result: unknown = await statement.execute(values);
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * `target` with some of its members replaced. A proxy rather than a copy: the rest keeps working
 * on the original object (PGlite's private fields), and a callable target stays callable.
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
	return new Proxy(target, {
		get(object, key) {
			if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
			const value: unknown = Reflect.get(object, key, object);
			return typeof value === 'function' ? value.bind(object) : value;
		}
	});
}

type ScopedSql = (sql: postgres.TransactionSql) => unknown;

/**
 * drizzle sends every statement through `sql.unsafe`, which postgres-js leaves unprepared: each
 * one then costs an extra round trip (Describe) and is planned again every time. Preparing them
 * makes postgres-js name each distinct statement once per connection and reuse it; the set of
 * statements is the app's code, so it stays small. Statements without parameters (migrations,
 * several statements in one string) keep the simple protocol.
 */
function preparedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
	// Transactions (and their savepoints) hand their callback a scoped client: prepare there too.
	const scoped =
		(open: object) =>
		(...args: unknown[]) => {
			const callback = args.pop() as ScopedSql;
			const wrapped = (tx: postgres.TransactionSql) => callback(preparedStatements(tx));
			return (open as (...args: unknown[]) => unknown)(...args, wrapped);
		};
	const overrides: Partial<postgres.TransactionSql> = {
		unsafe: (query, params, options) => sql.unsafe(query, params, { ...options, prepare: true }),
		...('begin' in sql && { begin: scoped(sql.begin) as postgres.Sql['begin'] }),
		...('savepoint' in sql && {
			savepoint: scoped(sql.savepoint) as postgres.TransactionSql['savepoint']
		})
	};
	return overriding(sql, overrides as Partial<T>);
}

// drizzle reads dates as the strings PostgreSQL sends; these are the types it leaves unparsed.
const UNPARSED_TYPES = [
	types.TIMESTAMP,
	types.TIMESTAMPTZ,
	types.INTERVAL,
	types.DATE,
	1231, // numeric[]
	1115, // timestamp[]
	1185, // timestamptz[]
	1187, // interval[]
	1182 // date[]
];

/**
 * PGlite's settings for the app (and for the benchmark's bare reference, which opens PGlite itself).
 * - `parsers`: drizzle's own, given once when PGlite is created. drizzle also passes them with
 *   every query, and PGlite merged them into its table each time (11-15% of the app's CPU under
 *   load); functions cannot cross to PGlite's thread anyway, so only the row mode is sent.
 * - `shared_buffers=16MB` instead of 128MB: PostgreSQL's page cache inside the WebAssembly
 *   memory. A store's working set is a few MB; the file system cache of the host keeps the
 *   rest warm. It costs reads from the host when the data outgrows it, never durability.
 */
export const PGLITE_OPTIONS = {
	parsers: Object.fromEntries(UNPARSED_TYPES.map((type) => [type, (value: string) => value])),
	postgresqlconf: ['shared_buffers = 16MB']
};

function defaultTemplate(): string | undefined {
	const candidates = [
		process.env.PGLITE_TEMPLATE_DIR,
		resolve('build/pglite-template'),
		resolve('apps/marketplace/build/pglite-template')
	];
	return candidates.find((folder) => folder && existsSync(join(folder, 'PG_VERSION')));
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
