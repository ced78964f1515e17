import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.js';
import { apiActivations, apiLicenses, apiProducts } from '../db/schema.js';
import { hashToken, newId } from '../tokens.js';
import type { LookupCache } from './lookup-cache.js';
import { base58Body, newSecret } from './secrets.js';

/**
 * The License API's data: a subscriber's products and the license keys they issue to their own
 * customers (stored as hashes), with activations. Every function takes the account id and only
 * ever reads or writes that account's rows.
 */

export interface ProductView {
	id: string;
	object: 'product';
	name: string;
	created: string;
}

export interface LicenseView {
	id: string;
	object: 'license';
	product: string;
	/** The first characters of the key and its last four: enough to recognise it. */
	start: string;
	last4: string;
	status: 'active' | 'expired' | 'revoked';
	maxActivations: number | null;
	activations: number;
	expires: string | null;
	revoked: string | null;
	created: string;
}

export type LicenseCode = 'VALID' | 'NOT_FOUND' | 'EXPIRED' | 'REVOKED' | 'ACTIVATION_LIMIT';

export interface LicenseCheck {
	valid: boolean;
	code: LicenseCode;
	license: LicenseView | null;
}

export const licenseKeyPrefix = 'lk_';
const licenseKeyPattern = new RegExp(`^${licenseKeyPrefix}${base58Body}$`);

type ProductRow = typeof apiProducts.$inferSelect;
type LicenseRow = typeof apiLicenses.$inferSelect;

const productView = (row: ProductRow): ProductView => ({
	id: row.id,
	object: 'product',
	name: row.name,
	created: row.createdAt.toISOString()
});

function licenseView(row: LicenseRow, activations: number, now: Date): LicenseView {
	const expired = row.expiresAt !== null && row.expiresAt <= now;
	return {
		id: row.id,
		object: 'license',
		product: row.productId,
		start: row.start,
		last4: row.last4,
		status: row.revokedAt ? 'revoked' : expired ? 'expired' : 'active',
		maxActivations: row.maxActivations,
		activations,
		expires: row.expiresAt?.toISOString() ?? null,
		revoked: row.revokedAt?.toISOString() ?? null,
		created: row.createdAt.toISOString()
	};
}

const activationCount = async (db: Db | Tx, licenseId: string) => {
	const [row] = await db
		.select({ n: count() })
		.from(apiActivations)
		.where(eq(apiActivations.licenseId, licenseId));
	return row?.n ?? 0;
};

export async function createProduct(db: Db, accountId: string, input: { name: string }) {
	const [row] = await db
		.insert(apiProducts)
		.values({ id: newId('prd'), accountId, name: input.name })
		.returning();
	return productView(row!);
}

export async function listProducts(db: Db, accountId: string): Promise<ProductView[]> {
	const rows = await db
		.select()
		.from(apiProducts)
		.where(eq(apiProducts.accountId, accountId))
		.orderBy(desc(apiProducts.createdAt))
		.limit(1000);
	return rows.map(productView);
}

/**
 * Issues a license key for one of the account's products. The key is in the answer only; null
 * when the product is not the account's.
 */
export async function issueLicense(
	db: Db,
	accountId: string,
	input: { product: string; expires?: Date | null; maxActivations?: number | null },
	now = new Date()
): Promise<{ license: LicenseView; key: string } | null> {
	const [product] = await db
		.select({ id: apiProducts.id })
		.from(apiProducts)
		.where(and(eq(apiProducts.id, input.product), eq(apiProducts.accountId, accountId)));
	if (!product) return null;
	const secret = newSecret(licenseKeyPrefix);
	const [row] = await db
		.insert(apiLicenses)
		.values({
			id: newId('lic'),
			accountId,
			productId: product.id,
			keyHash: secret.hash,
			start: secret.start,
			last4: secret.last4,
			maxActivations: input.maxActivations ?? null,
			expiresAt: input.expires ?? null,
			createdAt: now
		})
		.returning();
	return { license: licenseView(row!, 0, now), key: secret.secret };
}

const ownLicense = (accountId: string, id: string) =>
	and(eq(apiLicenses.id, id), eq(apiLicenses.accountId, accountId));

export async function getLicense(
	db: Db,
	accountId: string,
	id: string,
	now = new Date()
): Promise<LicenseView | null> {
	const [row] = await db.select().from(apiLicenses).where(ownLicense(accountId, id));
	return row ? licenseView(row, await activationCount(db, row.id), now) : null;
}

/** Revokes a license (again: revoking twice keeps the first time). Null when it is not the account's. */
export async function revokeLicense(
	db: Db,
	accountId: string,
	id: string,
	now = new Date(),
	cache?: LookupCache<FoundLicense | null>
): Promise<LicenseView | null> {
	const [row] = await db.select().from(apiLicenses).where(ownLicense(accountId, id));
	if (!row) return null;
	const [revoked] = row.revokedAt
		? [row]
		: await db
				.update(apiLicenses)
				.set({ revokedAt: now })
				.where(ownLicense(accountId, id))
				.returning();
	await cache?.evict(row.keyHash);
	return licenseView(revoked!, await activationCount(db, id), now);
}

/**
 * Validates a license key of the account, and activates or deactivates it on an instance.
 * Activation runs in a transaction holding the license row, so concurrent activations cannot
 * pass the activation limit; activating an instance twice is one activation.
 */
export async function checkLicense(
	db: Db,
	accountId: string,
	input: { action: 'validate' | 'activate' | 'deactivate'; key: string; instance?: string },
	now = new Date(),
	/** Caches validations; activations and deactivations evict the key from it. */
	cache?: LookupCache<FoundLicense | null>
): Promise<LicenseCheck> {
	const key = input.key.trim();
	if (!licenseKeyPattern.test(key)) return { valid: false, code: 'NOT_FOUND', license: null };
	const hash = hashToken(key);
	if (input.action === 'validate') {
		const load = () => findLicense(db, hash);
		return validation(await (cache ? cache.get(hash, load) : load()), accountId, now);
	}
	const check = await activation(
		db,
		accountId,
		{ hash, action: input.action, instance: input.instance },
		now
	);
	await cache?.evict(hash);
	return check;
}

/** A license found by its key's hash, with its number of activations. */
export interface FoundLicense {
	row: LicenseRow;
	activations: number;
}

/** The hot path of validation: one read-only query, cacheable by the key's hash. */
export async function findLicense(db: Db, keyHash: string): Promise<FoundLicense | null> {
	const [found] = await db
		.select({
			row: apiLicenses,
			// Qualified by hand: inside `sql`, drizzle writes columns without their table.
			activations: sql<number>`(select count(*)::int from "api_activations" where "api_activations"."license_id" = "api_licenses"."id")`
		})
		.from(apiLicenses)
		.where(eq(apiLicenses.keyHash, keyHash));
	return found ?? null;
}

/** What validating a found license answers the account (another account's is NOT_FOUND). */
function validation(found: FoundLicense | null, accountId: string, now: Date): LicenseCheck {
	if (!found || found.row.accountId !== accountId) {
		return { valid: false, code: 'NOT_FOUND', license: null };
	}
	const license = licenseView(found.row, found.activations, now);
	const code = found.row.revokedAt ? 'REVOKED' : license.status === 'expired' ? 'EXPIRED' : 'VALID';
	return { valid: code === 'VALID', code, license };
}

async function activation(
	db: Db,
	accountId: string,
	input: { hash: string; action: 'activate' | 'deactivate'; instance?: string },
	now: Date
): Promise<LicenseCheck> {
	const { hash: keyHash } = input;
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(apiLicenses)
			.where(and(eq(apiLicenses.keyHash, keyHash), eq(apiLicenses.accountId, accountId)))
			.for('update');
		if (!row) return { valid: false, code: 'NOT_FOUND' as const, license: null };
		const answer = async (code: LicenseCode) => ({
			valid: code === 'VALID',
			code,
			license: licenseView(row, await activationCount(tx, row.id), now)
		});
		if (row.revokedAt) return answer('REVOKED');
		if (row.expiresAt && row.expiresAt <= now) return answer('EXPIRED');
		const instance = input.instance;
		if (instance === undefined) return answer('VALID');
		if (input.action === 'deactivate') {
			await tx
				.delete(apiActivations)
				.where(and(eq(apiActivations.licenseId, row.id), eq(apiActivations.instance, instance)));
			return answer('VALID');
		}
		const [known] = await tx
			.select({ id: apiActivations.id })
			.from(apiActivations)
			.where(and(eq(apiActivations.licenseId, row.id), eq(apiActivations.instance, instance)));
		if (known) return answer('VALID');
		if (row.maxActivations !== null && (await activationCount(tx, row.id)) >= row.maxActivations) {
			return answer('ACTIVATION_LIMIT');
		}
		await tx.insert(apiActivations).values({ licenseId: row.id, instance, createdAt: now });
		return answer('VALID');
	});
}
