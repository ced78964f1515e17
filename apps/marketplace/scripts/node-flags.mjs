// The Node flags the marketplace's server runs with: scripts/start.mjs starts it with them, and
// the benchmarks (bench/servers.ts) start it exactly the same way. Started by hand
// (`node build/index.js`), pass them yourself: `node --max-semi-space-size=4 build/index.js`.

/**
 * `--max-semi-space-size=4`: V8's young generation, where each request's short-lived objects
 * live, grows to 8 MB instead of Node's 32 MB. Under load the server kept all 32 MB resident;
 * with 8 MB the process peaked about 18 MB lower through the webhook benchmark (measured side by
 * side, see docs/src/routes/benchmarks). It costs more frequent minor collections, each one short.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=4'];
