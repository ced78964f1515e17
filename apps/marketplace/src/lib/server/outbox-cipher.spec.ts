import { eq } from 'drizzle-orm';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailOutbox } from './db/schema.js';
import { fulfillOrder } from './orders.js';
import { loadOutboxKey, openText, sealText } from './outbox-cipher.js';
import { describeEachDriver, openPglite } from './testing/databases.js';
import { pendingOrder, testOutboxKey } from './testing/orders.js';
import { deriveDownloadToken, deriveLicenseKey } from './tokens.js';

const secretsOf = (accessToken: string) => [
	accessToken,
	deriveLicenseKey(accessToken),
	deriveDownloadToken(accessToken, 0)
];

/** Every file under `folder`, as one Latin-1 string: what someone reading the disk would see. */
function readAllFiles(folder: string): string {
	return readdirSync(folder, { recursive: true, encoding: 'utf8' })
		.map((name) => join(folder, name))
		.filter((path) => statSync(path).isFile())
		.map((path) => readFileSync(path).toString('latin1'))
		.join('\n');
}

describeEachDriver('outbox bodies', (database) => {
	it('keeps no license key, order link or download link in plaintext in the table', async () => {
		const { db } = database();
		const { orderId, accessToken, paymentIntentId, amount } = await pendingOrder(db);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.orderId, orderId));
		expect(rows).toHaveLength(1);
		const stored = JSON.stringify(rows);
		for (const secret of secretsOf(accessToken)) expect(stored).not.toContain(secret);
		expect(openText(rows[0]?.text ?? '', testOutboxKey, orderId)).toContain(
			deriveLicenseKey(accessToken)
		);
	});
});

describe('outbox bodies on disk', () => {
	// Opens its own PGlite (a WASM start) on top of the suite's: slow on a loaded machine.
	it("leave no plaintext key in PGlite's data files", { timeout: 180_000 }, async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-outbox-'));
		const database = await openPglite(dataDir);
		try {
			const { accessToken, paymentIntentId, amount } = await pendingOrder(database.db);
			await fulfillOrder(database.db, {
				paymentIntentId,
				amountReceived: amount,
				currency: 'usd'
			});
			await database.close();
			const files = readAllFiles(dataDir);
			expect(files.length).toBeGreaterThan(0);
			for (const secret of secretsOf(accessToken)) expect(files).not.toContain(secret);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});

describe('outbox key', () => {
	it('is created once in the data directory and read back on the next start', () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'marketplace-key-'));
		try {
			const first = loadOutboxKey({ dataDir });
			expect(statSync(join(dataDir, 'outbox.key')).mode & 0o777).toBe(0o600);
			expect(loadOutboxKey({ dataDir }).equals(first)).toBe(true);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('prefers OUTBOX_KEY and refuses one that is not 32 bytes', () => {
		const configured = Buffer.alloc(32, 7).toString('base64');
		expect(loadOutboxKey({ configured, dataDir: 'memory://' })).toEqual(Buffer.alloc(32, 7));
		expect(() => loadOutboxKey({ configured: 'c2hvcnQ=', dataDir: 'memory://' })).toThrow(
			/32 bytes/
		);
	});

	it('opens only with the same key and the same row', () => {
		const sealed = sealText('License key: NOBS-1234', testOutboxKey, 'ord_a');
		expect(openText(sealed, testOutboxKey, 'ord_a')).toBe('License key: NOBS-1234');
		expect(() => openText(sealed, testOutboxKey, 'ord_b')).toThrow();
		expect(() => openText(sealed, loadOutboxKey({ dataDir: 'memory://' }), 'ord_a')).toThrow();
	});
});
