// The Node flags the marketplace's server runs with: scripts/start.mjs starts it with them, and
// the benchmarks (bench/servers.ts) start it exactly the same way. Started by hand
// (`node build/index.js`), pass them yourself, e.g. on PGlite:
// `node --max-semi-space-size=4 --optimize-for-size --liftoff-only build/index.js`.

/**
 * `--max-semi-space-size=4`: V8's young generation, where each request's short-lived objects
 * live, grows to 8 MB instead of Node's 32 MB. Under load the server kept all 32 MB resident;
 * with 8 MB the process peaked about 18 MB lower through the webhook benchmark (measured side by
 * side, see docs/src/routes/benchmarks). It costs more frequent minor collections, each one short.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * The flags for one server. The embedded default (PGlite, no `DATABASE_URL`) also gets
 * `--optimize-for-size`: V8 grows its heap less eagerly and keeps it smaller. Through the whole
 * benchmark (renders, Lighthouse, webhooks) the PGlite app peaked at 241 MB instead of 309-315 MB,
 * for about 30% fewer server renders per second (952 -> 674 product pages/s, two runs a minute
 * apart): a first shop's small machine is short of memory, not of renders. With PostgreSQL the
 * server runs without it, for throughput.
 *
 * `--liftoff-only` (embedded only) runs PGlite's WebAssembly on V8's baseline compiler: see
 * `PGLITE_V8_FLAGS` in src/lib/server/db/pglite-thread.ts for what it saves and costs. The PGlite
 * thread also sets it itself, which is enough on Node 20 and 22; Node 24 ignores a WebAssembly flag
 * set once the process runs (its PGlite app peaked at 762 MB at start instead of 197 MB with the
 * flag given here, measured side by side), so the process must start with it.
 * @param {{ embedded: boolean }} options
 * @returns {string[]}
 */
export function appNodeFlags({ embedded }) {
	return embedded ? [...APP_NODE_FLAGS, '--optimize-for-size', '--liftoff-only'] : APP_NODE_FLAGS;
}
