// The reference the webhook endpoint is measured against: the same claim, fulfilment and
// completion statements the app sends for a `payment_intent.succeeded`, sent straight to the
// driver (postgres-js, PGlite) with no HTTP, no signature, no drizzle and no SvelteKit. The SQL is
// built by the app's own functions, so the two cannot drift apart; the bench sends it prepared,
// as the app does.
import { PGlite } from '@electric-sql/pglite';
import { fillPlaceholders } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, PGLITE_OPTIONS, type Database } from '../src/lib/server/db/index.js';
import { claimStatement, completeStatement, WEBHOOK_LEASE_MS } from '../src/lib/server/inbox.js';
import { fulfilStatement } from '../src/lib/server/orders.js';
import { pendingOrder, professional } from '../src/lib/server/testing/orders.js';

interface Statement {
	sql: string;
	params: unknown[];
}

/** One event's three statements, built before the clock starts. */
export interface BareEvent {
	claim: Statement;
	fulfil: Statement;
	complete: Statement;
}

export interface BareDatabase {
	/**
	 * Seeds `count` pending orders (outside the clock) and returns their events' statements.
	 * Called once.
	 */
	prepare(count: number): Promise<BareEvent[]>;
	/** Claims, fulfils and completes one event; true when it fulfilled an order. */
	handle(event: BareEvent): Promise<boolean>;
	/** Opens the driver's connections before the clock starts (the app's pool is open already). */
	warm(): Promise<void>;
	close(): Promise<void>;
}

const dialect = new PgDialect();

/** A statement built with placeholders (as the app prepares it), with this event's values. */
const filled = (query: Statement, values: Record<string, unknown>): Statement => ({
	sql: query.sql,
	params: fillPlaceholders(query.params, values)
});
let eventCount = 0;

/** Pending orders like the bench's checkouts (one Professional bundle), as statements. */
async function seed(database: Database, count: number): Promise<BareEvent[]> {
	const events: BareEvent[] = [];
	for (let i = 0; i < count; i++) {
		const order = await pendingOrder(database.db, [professional]);
		const event = {
			id: `evt_bare_${process.pid}_${eventCount++}`,
			type: 'payment_intent.succeeded'
		};
		events.push({
			claim: filled(claimStatement(database.db).toSQL(), {
				...event,
				leaseSeconds: WEBHOOK_LEASE_MS / 1000
			}),
			fulfil: filled(dialect.sqlToQuery(fulfilStatement()), {
				paymentIntentId: order.paymentIntentId,
				amountReceived: order.amount,
				currency: 'usd'
			}),
			complete: filled(completeStatement(database.db).toSQL(), { id: event.id })
		});
	}
	return events;
}

/** What the app does per event: claim, and only if claimed, fulfil and complete. */
function handler(run: (statement: Statement) => Promise<number>) {
	return async (event: BareEvent) => {
		if ((await run(event.claim)) === 0) return false;
		const fulfilled = await run(event.fulfil);
		await run(event.complete);
		return fulfilled === 1;
	};
}

/** The app's pool size on PostgreSQL (`openDatabase`'s default). */
const POOL_SIZE = 10;

/**
 * The bare reference on PostgreSQL: postgres-js with a pool as large as the app's (10), every
 * statement prepared. `url` is a database of its own, so its tables grow as the app's do.
 */
export async function barePostgres(url: string): Promise<BareDatabase> {
	// Migrates the fresh database; closed before the clock starts.
	const setup = await openDatabase({ url, maxConnections: 2 });
	const sql = postgres(url, { max: POOL_SIZE, onnotice: () => {} });
	const run = async ({ sql: text, params }: Statement) =>
		(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })).length;
	return {
		async prepare(count) {
			return seed(setup, count);
		},
		handle: handler(run),
		// As many queries at once as the pool holds: postgres-js opens a connection for each.
		async warm() {
			await Promise.all(Array.from({ length: POOL_SIZE }, () => sql`select 1`));
		},
		async close() {
			await setup.close();
			await sql.end();
		}
	};
}

/**
 * The bare reference on PGlite: its own files in a temporary folder, opened with the app's options.
 * PGlite runs one statement at a time, so "concurrency" queues here as it does in the app.
 */
export async function barePglite(): Promise<BareDatabase> {
	const dataDir = mkdtempSync(join(tmpdir(), 'nobs-bench-bare-'));
	// drizzle seeds it (and migrates it); the raw client then reopens the same files.
	let setup: Database | undefined = await openDatabase({ dataDir });
	let client: PGlite | undefined;
	const run = async ({ sql: text, params }: Statement) =>
		(await client!.query(text, params)).rows.length;
	return {
		async prepare(count) {
			if (!setup) throw new Error('barePglite prepares once, before it handles events.');
			const events = await seed(setup, count);
			await setup.close();
			setup = undefined;
			client = await PGlite.create(dataDir, PGLITE_OPTIONS);
			return events;
		},
		handle: handler(run),
		// One database in this thread: nothing to connect.
		async warm() {},
		async close() {
			await setup?.close();
			await client?.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
