import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Mail bodies in the outbox are sealed with AES-256-GCM: a receipt carries the order link, the
 * download links and the license key, and none of them may sit in the database (or in a backup,
 * or in PGlite's files, where an UPDATE leaves the old row behind) in plaintext. The key never
 * touches the database: it comes from `OUTBOX_KEY`, or from a file in the data directory.
 */
export type OutboxKey = Buffer & { readonly __outboxKey: true };

const PREFIX = 'aes-256-gcm:v1:';

/** Reads a 32-byte key written as base64 (what `openssl rand -base64 32` prints). */
export function parseOutboxKey(text: string): OutboxKey {
	const key = Buffer.from(text.trim(), 'base64');
	if (key.length !== 32) throw new Error('OUTBOX_KEY must be 32 bytes in base64.');
	return key as OutboxKey;
}

/**
 * The outbox key: `configured` (OUTBOX_KEY) when set; otherwise the one kept in
 * `<dataDir>/outbox.key`, created on first start (mode 0600). An in-memory database gets a key
 * for this process only, as its mail lives no longer.
 * @example const key = loadOutboxKey({ configured: env.OUTBOX_KEY, dataDir: './data' });
 */
export function loadOutboxKey(options: { configured?: string; dataDir: string }): OutboxKey {
	if (options.configured) return parseOutboxKey(options.configured);
	if (options.dataDir.includes('://')) return randomBytes(32) as OutboxKey;
	const file = join(options.dataDir, 'outbox.key');
	if (existsSync(file)) return parseOutboxKey(readFileSync(file, 'utf8'));
	mkdirSync(options.dataDir, { recursive: true });
	// `wx`: two processes starting at once cannot both write a key; the loser reads the winner's.
	try {
		writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	chmodSync(file, 0o600);
	return parseOutboxKey(readFileSync(file, 'utf8'));
}

/**
 * Seals `plaintext` for one outbox row. `context` (e.g. the order id) is authenticated with it, so
 * a sealed body copied onto another row does not open.
 */
export function sealText(plaintext: string, key: OutboxKey, context: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(Buffer.from(context));
	const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return `${PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
}

/** Opens what `sealText` sealed; text without the prefix (a redaction note) is returned as is. */
export function openText(stored: string, key: OutboxKey, context: string): string {
	if (!stored.startsWith(PREFIX)) return stored;
	const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
	const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
	decipher.setAAD(Buffer.from(context));
	decipher.setAuthTag(bytes.subarray(12, 28));
	return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
