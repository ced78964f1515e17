// A fresh, empty database for one end-to-end run, shared by scripts/e2e-server.mjs and the tests
// that start their own app. PGlite gets a new temporary folder; PostgreSQL gets a database created
// (after dropping any leftover of a crashed run) on the server DATABASE_URL points at.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

/**
 * @param {{ driver: 'pglite' | 'postgres'; name: string; serverUrl?: string }} options
 *   `name` names the PostgreSQL database (letters, digits, `_`) and prefixes the PGlite folder.
 * @returns {Promise<{ env: Record<string, string | undefined>; drop: () => Promise<void> }>}
 *   `env` is what the app's environment needs (DATABASE_URL or DATA_DIR; the other one unset).
 */
export async function freshDatabase({ driver, name, serverUrl = process.env.DATABASE_URL }) {
	if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a safe database name: ${name}`);
	if (driver === 'pglite') {
		const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
		return {
			env: { DATA_DIR: dataDir, DATABASE_URL: undefined },
			// About 40 MB per database: never leave one behind. Call once the app has stopped.
			drop: async () => rmSync(dataDir, { recursive: true, force: true })
		};
	}
	if (!serverUrl) throw new Error('The postgres end-to-end project needs DATABASE_URL.');
	// Two checkouts running their suites side by side (E2E_PORT_OFFSET) get their own databases.
	if (process.env.E2E_PORT_OFFSET) name = `${name}_${Number(process.env.E2E_PORT_OFFSET)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	try {
		// WITH (FORCE) ends sessions a killed app left open (PostgreSQL 13+).
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		env: { DATABASE_URL: url.href, DATA_DIR: undefined },
		drop: async () => {
			const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
			try {
				await sql.unsafe(`drop database if exists ${name} with (force)`);
			} finally {
				await sql.end();
			}
		}
	};
}
