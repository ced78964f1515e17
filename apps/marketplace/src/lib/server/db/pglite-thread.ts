import type { QueryOptions, Results } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGLITE_WORKER_SOURCE } from './pglite-worker.js';

/** The slice of PGlite's client that drizzle uses: queries and transactions. */
export interface PgliteClient {
	query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
	transaction<T>(callback: (tx: PgliteClient) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export interface PgliteThreadOptions {
	dataDir: string;
	/** Type ids PGlite returns as the text PostgreSQL sent (drizzle parses dates itself). */
	unparsedTypes: readonly number[];
	postgresqlconf: readonly string[];
	/**
	 * V8 flags set on the thread before PGlite's WebAssembly is compiled.
	 * @default PGLITE_V8_FLAGS
	 */
	v8Flags?: readonly string[];
}

/**
 * `--liftoff-only`: V8 runs PGlite's WebAssembly with its baseline compiler (Liftoff) only, and
 * never optimises hot functions again with TurboFan. TurboFan's compilations of PostgreSQL's
 * functions, which happen while PGlite starts, took about 60 MB more of the process's memory
 * (peak RSS at start 197 MB instead of 257 MB, measured side by side); the app must fit in 300 MB.
 * It costs speed inside PGlite only (see docs/src/routes/benchmarks), never durability: the same
 * PostgreSQL runs the same statements on the same files. V8 flags belong to the process: a
 * script that opens PGlite on its main thread after this one (a test, the bench) gets it too, on
 * Node 20 and 22. Node 24 ignores it when set here, once the process runs: the server gets it on
 * its command line too (`appNodeFlags` in scripts/node-flags.mjs), while a script started without
 * it (the bench's bare PGlite arm on Node 24) runs PGlite on TurboFan.
 */
export const PGLITE_V8_FLAGS: readonly string[] = ['--liftoff-only'];

type Reply = { id: number; result?: unknown; error?: Record<string, unknown> };

/**
 * PGlite on a thread of its own. PGlite runs every statement synchronously on the thread that
 * holds it; on the app's thread, each one stopped HTTP (signatures, rendering, reading the next
 * requests) for its whole duration, and the two took turns on one core. Here the database and the
 * app's JavaScript run side by side, as they do with PostgreSQL's own processes, and a slow
 * statement delays only the statements queued behind it.
 *
 * Same engine, same files, same options: PGlite still runs one statement at a time, in the order
 * they arrive, and commits as before. Results and errors cross the thread as copies.
 */
export async function openPgliteThread(options: PgliteThreadOptions): Promise<PgliteClient> {
	const worker = new Worker(PGLITE_WORKER_SOURCE, {
		eval: true,
		// The thread's own heap holds only results on their way out, so a small young generation
		// is enough (V8's default allows 48 MB); every MB here counts against the app's memory.
		resourceLimits: { maxYoungGenerationSizeMb: 8 },
		workerData: {
			...options,
			v8Flags: options.v8Flags ?? PGLITE_V8_FLAGS,
			pgliteUrl: pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href
		}
	});
	const pending = new Map<
		number,
		{ resolve: (value: unknown) => void; reject: (error: Error) => void }
	>();
	let nextId = 0;
	let failure: Error | undefined;

	await new Promise<void>((resolve, reject) => {
		worker.once('message', (message: { ready: boolean; error?: Record<string, unknown> }) => {
			if (message.ready) resolve();
			else reject(toError(message.error));
		});
		worker.once('error', reject);
	});
	// The thread keeps the process alive only while a statement is in flight: an idle database
	// must not stop a script (or the app, at shutdown) from exiting, a pending one must.
	worker.unref();

	worker.on('message', ({ id, result, error }: Reply) => {
		const call = pending.get(id);
		if (!call) return;
		pending.delete(id);
		if (pending.size === 0) worker.unref();
		if (error) call.reject(toError(error));
		else call.resolve(result);
	});
	// A crashed thread (out of memory, say) fails every statement in flight and every later one.
	worker.on('error', (error) => {
		failure = error;
		for (const call of pending.values()) call.reject(error);
		pending.clear();
	});

	function send<T>(message: Record<string, unknown>): Promise<T> {
		if (failure) return Promise.reject(failure);
		const id = nextId++;
		if (pending.size === 0) worker.ref();
		return new Promise<T>((resolve, reject) => {
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			worker.postMessage({ ...message, id });
		});
	}

	function client(tx?: number): PgliteClient {
		return {
			query: (sql, params = [], queryOptions) =>
				send({ op: 'query', sql, params, rowMode: queryOptions?.rowMode, tx }),
			async transaction(callback) {
				// One level: drizzle nests through savepoints on the transaction's own client.
				if (tx !== undefined) throw new Error('PGlite transactions do not nest.');
				// The 'begin' message's id names the transaction.
				const id = nextId;
				await send({ op: 'begin' });
				let result;
				try {
					result = await callback(client(id));
				} catch (error) {
					// The callback's error is the one to report, even if the rollback fails too.
					await send({ op: 'end', tx: id, commit: false }).catch(() => {});
					throw error;
				}
				await send({ op: 'end', tx: id, commit: true });
				return result;
			},
			async close() {
				await send({ op: 'close' });
				await worker.terminate();
			}
		};
	}
	return client();
}

/** An error from the thread, with PostgreSQL's fields (`code`, `detail`...) back on it. */
function toError(fields: Record<string, unknown> | undefined): Error {
	const { message, name, ...rest } = fields ?? {};
	const error = Object.assign(new Error(String(message ?? 'PGlite failed')), rest);
	if (typeof name === 'string') error.name = name;
	return error;
}
