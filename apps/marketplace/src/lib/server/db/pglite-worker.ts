/**
 * The code of the thread PGlite runs on (see pglite-thread.ts). It is a string because no bundler
 * emits a worker file for server code: Vite's SSR build, Vitest and tsx all run it the same way,
 * through `new Worker(source, { eval: true })`. It uses only `import()`, so it runs whether Node
 * reads it as a script or as a module (`--input-type=module` reaches the worker too).
 *
 * Messages in: `{ id, op: 'query', sql, params, rowMode, tx? }`, `{ id, op: 'begin' }` (opens a
 * transaction whose id is `id`), `{ id, op: 'end', tx, commit }`, `{ id, op: 'close' }` (the main thread
 * then terminates the thread).
 * Messages out: `{ id, result }` or `{ id, error }`, the error as its own fields (structured clone
 * keeps only an Error's message, and drizzle's callers read PostgreSQL's `code`).
 * The first message out is `{ ready: true }` or `{ ready: false, error }`.
 */
export const PGLITE_WORKER_SOURCE = String.raw`
const describe = (error) => ({
	...error,
	name: error && error.name,
	message: error && error.message !== undefined ? error.message : String(error)
});

async function main() {
	const { parentPort, workerData } = await import('node:worker_threads');
	const { dataDir, unparsedTypes, postgresqlconf, pgliteUrl, v8Flags } = workerData;
	// Before PGlite's WebAssembly is compiled: V8 reads these when it compiles (see pglite-thread.ts).
	if (v8Flags.length > 0) (await import('node:v8')).setFlagsFromString(v8Flags.join(' '));
	const { PGlite } = await import(pgliteUrl);
	const parsers = Object.fromEntries(unparsedTypes.map((type) => [type, (value) => value]));
	let pg;
	try {
		pg = await PGlite.create(dataDir, { parsers, postgresqlconf });
	} catch (error) {
		parentPort.postMessage({ ready: false, error: describe(error) });
		return;
	}
	// Open transactions by id: their callback waits until the main thread says how they end.
	const transactions = new Map();
	const handlers = {
		query: ({ sql, params, rowMode, tx }) => {
			const client = tx === undefined ? pg : transactions.get(tx)?.tx;
			if (!client) throw new Error('The transaction has already ended.');
			return client.query(sql, params, { rowMode });
		},
		begin: ({ id }) =>
			new Promise((opened, failed) => {
				const open = {};
				transactions.set(id, open);
				open.done = pg
					.transaction(
						(tx) =>
							new Promise((commit, rollback) => {
								Object.assign(open, { tx, commit, rollback });
								opened(undefined);
							})
					)
					.finally(() => transactions.delete(id));
				// Failing before the callback ran (BEGIN itself) fails the open; later, a no-op.
				open.done.catch(failed);
			}),
		end: async ({ tx, commit }) => {
			const open = transactions.get(tx);
			if (!open) throw new Error('The transaction has already ended.');
			if (commit) open.commit(undefined);
			else open.rollback(new Error('rolled back'));
			await open.done.catch((error) => {
				if (commit) throw error;
			});
		},
		// The main thread ends the thread once this answers.
		close: () => pg.close()
	};
	parentPort.on('message', (message) => {
		Promise.resolve()
			.then(() => handlers[message.op](message))
			.then(
				(result) => parentPort.postMessage({ id: message.id, result }),
				(error) => parentPort.postMessage({ id: message.id, error: describe(error) })
			)
			// A result or an error field that cannot be cloned still answers, so no caller hangs.
			.catch((error) =>
				parentPort.postMessage({ id: message.id, error: { message: String(error) } })
			);
	});
	parentPort.postMessage({ ready: true });
}

main();
`;
