import { eq } from 'drizzle-orm';
import { isBundleSku } from './bundles.js';
import type { Db } from './db/index.js';
import { licenseKeys, orderItems } from './db/schema.js';
import { hashToken, licenseKeyPattern } from './tokens.js';

/**
 * How many projects an order's license key covers. A bundle is licensed per project: buying
 * 4 × Professional buys one key for 4 projects, so the count is the sum of the bundle lines'
 * quantities. The cart calls the quantity "Projects"; the order page, the receipt and the
 * bundle's LICENSE say the same.
 */
export function licensedProjects(items: readonly { sku: string; quantity: number }[]): number {
	return items
		.filter((item) => isBundleSku(item.sku))
		.reduce((sum, item) => sum + item.quantity, 0);
}

export type LicenseValidation =
	| { status: 'valid'; prefix: string; issuedAt: Date; projects: number }
	| { status: 'revoked'; prefix: string }
	| { status: 'unknown' };

/**
 * Checks a license key by the hash of its normalised form, and says how many projects it covers
 * (the number of activations it allows). Answers nothing about the order or the buyer: the
 * endpoint built on it is public.
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
	const items = await db
		.select({ sku: orderItems.sku, quantity: orderItems.quantity })
		.from(orderItems)
		.where(eq(orderItems.orderId, license.orderId));
	return {
		status: 'valid',
		prefix: license.prefix,
		issuedAt: license.createdAt,
		projects: licensedProjects(items)
	};
}
