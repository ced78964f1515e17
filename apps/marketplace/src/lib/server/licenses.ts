import { eq } from 'drizzle-orm';
import type { Db } from './db/index.js';
import { licenseKeys } from './db/schema.js';
import { hashToken, licenseKeyPattern } from './tokens.js';

export type LicenseValidation =
	| { status: 'valid'; prefix: string; issuedAt: Date }
	| { status: 'revoked'; prefix: string }
	| { status: 'unknown' };

/**
 * Checks a license key by the hash of its normalised form. Answers nothing about the order or the
 * buyer: the endpoint built on it is public.
 * @example const result = await validateLicenseKey(db, body.key);
 */
export async function validateLicenseKey(db: Db, key: string): Promise<LicenseValidation> {
	// People paste keys with stray spaces or in lower case; the key itself is upper-case base32.
	const normalised = key.trim().toUpperCase();
	if (!licenseKeyPattern.test(normalised)) return { status: 'unknown' };
	const [license] = await db
		.select()
		.from(licenseKeys)
		.where(eq(licenseKeys.keyHash, hashToken(normalised)));
	if (!license) return { status: 'unknown' };
	if (license.revokedAt) return { status: 'revoked', prefix: license.prefix };
	return { status: 'valid', prefix: license.prefix, issuedAt: license.createdAt };
}
