import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Bearer secrets of an order. Only the access token is random; the license key and the download
 * tokens are derived from it with HMAC-SHA-256, so whoever holds the order link can re-derive them
 * (the order page does). The order tables keep nothing but SHA-256 digests. The one exception is
 * the receipt in `email_outbox`, which must carry the links and the key to the buyer: it is held
 * there until it is sent, then its bodies are blanked (see docs/src/routes/marketplace-data/+page.md).
 */

/** A fresh order access token: 256 random bits, base64url. */
export function newAccessToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Short random ids for public references (`ord_…`, `cus_…`); they are not secrets. */
export function newId(prefix: string): string {
	return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** SHA-256 hex digest: how every token is stored and looked up. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

function derive(accessToken: string, purpose: string): Buffer {
	return createHmac('sha256', accessToken).update(purpose, 'utf8').digest();
}

/** The download token of one order line: 256 bits, base64url. */
export function deriveDownloadToken(accessToken: string, line: number): string {
	return derive(accessToken, `download:${line}`).toString('base64url');
}

// RFC 4648 base32 without padding: upper case and no 0/1/8/9, so a key read aloud or typed from
// paper is hard to get wrong.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
	let bits = 0;
	let value = 0;
	let out = '';
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += BASE32[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
	return out;
}

/** `NOBS-` and eight groups of four base32 characters: 160 bits. */
export const licenseKeyPattern = /^NOBS(-[A-Z2-7]{4}){8}$/;

/** The order's license key, e.g. `NOBS-ABCD-EFGH-…`. */
export function deriveLicenseKey(accessToken: string): string {
	const chars = base32(derive(accessToken, 'license-key').subarray(0, 20));
	return `NOBS-${chars.match(/.{4}/g)?.join('-')}`;
}

/** What may be shown of a key without revealing it: `NOBS-ABCD`. */
export function licenseKeyPrefix(key: string): string {
	return key.slice(0, 9);
}
