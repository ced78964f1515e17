// The web server Playwright starts for one project: a fresh database, fixed ports and a fixed
// webhook secret (tests re-sign events with it), then the normal start script (sandbox + app).
// Usage: node scripts/e2e-server.mjs pglite|postgres   (PORT and SANDBOX_PORT from the environment)
import { spawn } from 'node:child_process';
import { freshDatabase } from './e2e-database.mjs';

const driver = process.argv[2];
if (driver !== 'pglite' && driver !== 'postgres') {
	console.error('Usage: node scripts/e2e-server.mjs pglite|postgres');
	process.exit(2);
}

const database = await freshDatabase({ driver, name: 'nobs_e2e' });
const databaseEnv = database.env;
const env = { ...process.env, ...databaseEnv };
// Spreading `undefined` would pass the string "undefined": remove the variable instead.
for (const [key, value] of Object.entries(databaseEnv)) if (value === undefined) delete env[key];
// The sandbox, not Stripe: start.mjs starts it only when no secret key is set.
delete env.STRIPE_SECRET_KEY;

const start = new URL('./start.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, [start], { env, stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => child.kill(signal));
}
// Playwright stops the server with SIGTERM (gracefulShutdown in playwright.config.ts); the
// database goes once the app is down. PostgreSQL's is dropped again by the next run anyway.
child.on('exit', async (code, signal) => {
	await database.drop().catch((error) => console.error('Dropping the e2e database failed:', error));
	process.exit(code ?? (signal ? 1 : 0));
});
