import { randomBytes } from 'node:crypto';
import { hashToken } from '../tokens.js';

// Bitcoin's base58 alphabet: no 0/O/I/l, so a key copied by hand or read aloud survives.
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58(bytes: Uint8Array): string {
	let value = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
	let out = '';
	while (value > 0n) {
		out = BASE58[Number(value % 58n)] + out;
		value /= 58n;
	}
	// Leading zero bytes are kept as leading '1's, as in Bitcoin's encoding.
	for (const byte of bytes) {
		if (byte !== 0) break;
		out = `1${out}`;
	}
	return out;
}

/** A secret, its hash (all that is stored) and what lists may show of it. */
export interface NewSecret {
	secret: string;
	hash: string;
	start: string;
	last4: string;
}

/**
 * `prefix` followed by 192 random bits in base58 (about 33 characters). Only `hash` is stored;
 * `start` (the prefix and four characters) and `last4` identify the secret in lists.
 */
export function newSecret(prefix: string): NewSecret {
	const secret = `${prefix}${base58(randomBytes(24))}`;
	return {
		secret,
		hash: hashToken(secret),
		start: secret.slice(0, prefix.length + 4),
		last4: secret.slice(-4)
	};
}

/** The base58 characters of a secret, with the shortest and longest length `newSecret` makes. */
export const base58Body = '[1-9A-HJ-NP-Za-km-z]{20,40}';
