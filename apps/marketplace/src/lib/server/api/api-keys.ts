import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { apiKeys } from '../db/schema.js';
import { hashToken, newId } from '../tokens.js';
import type { KeyBus } from './key-bus.js';
import { createLookupCache, lookupTtl } from './lookup-cache.js';
import { base58Body, newSecret } from './secrets.js';

/** `nobs_test_` keys for test mode (the sandbox, Stripe test keys), `nobs_live_` for live mode. */
export type ApiKeyMode = 'test' | 'live';

export const apiKeyPattern = new RegExp(`^nobs_(test|live)_${base58Body}$`);

/** An API key as the account sees it in lists: never its secret. */
export interface ApiKeyView {
	id: string;
	name: string;
	start: string;
	last4: string;
	created: Date;
	lastUsed: Date | null;
	expires: Date | null;
}

/** What creating or rolling answers: the secret, shown once. */
export interface NewApiKey {
	key: ApiKeyView;
	secret: string;
}

/** The key an API call authenticated with. */
export interface AuthenticatedKey {
	id: string;
	accountId: string;
}

export interface ApiKeysOptions {
	db: Db;
	mode: ApiKeyMode;
	/** Tells every app instance when a key is revoked or rolled. */
	bus: KeyBus;
	/** @default Date.now */
	now?: () => number;
}

export type ApiKeys = ReturnType<typeof createApiKeys>;

const view = (row: typeof apiKeys.$inferSelect): ApiKeyView => ({
	id: row.id,
	name: row.name,
	start: row.start,
	last4: row.last4,
	created: row.createdAt,
	lastUsed: row.lastUsedAt,
	expires: row.expiresAt
});

const DAY_MS = 86_400_000;
const LAST_USED_PRECISION_MS = 60_000;

/**
 * An account's API keys: created with a name and an optional expiry, listed by their start and
 * last four characters, rolled, revoked. `authenticate` checks a bearer key for each API call
 * through a short cache that a revocation empties on every instance (through `bus`).
 * @example const keys = createApiKeys({ db, mode: 'test', bus: memoryKeyBus() });
 */
export function createApiKeys(options: ApiKeysOptions) {
	const { db, mode, bus, now = Date.now } = options;
	/** Key hash → the key (null: unknown or revoked) and when it expires. */
	const cache = createLookupCache<{ key: AuthenticatedKey | null; expiresAt: number | null }>({
		bus,
		ttlMs: lookupTtl(bus),
		now
	});
	/** Keys used since the last `flushLastUsed`, with when. */
	const used = new Map<string, Date>();
	/** When each key's last use was last written. */
	const written = new Map<string, number>();

	const insert = async (
		tx: Pick<Db, 'insert'>,
		input: { accountId: string; name: string; expiresAt: Date | null }
	): Promise<NewApiKey> => {
		const secret = newSecret(`nobs_${mode}_`);
		const [row] = await tx
			.insert(apiKeys)
			.values({
				id: newId('key'),
				accountId: input.accountId,
				name: input.name,
				keyHash: secret.hash,
				start: secret.start,
				last4: secret.last4,
				expiresAt: input.expiresAt,
				createdAt: new Date(now())
			})
			.returning();
		return { key: view(row!), secret: secret.secret };
	};

	/** Revokes the account's live key `id` in `tx`; its hash, or null when there is none. */
	const revokeIn = async (tx: Pick<Db, 'update'>, accountId: string, id: string) => {
		const [row] = await tx
			.update(apiKeys)
			.set({ revokedAt: new Date(now()) })
			.where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
			.returning();
		return row ?? null;
	};

	return {
		/** Creates a key; `expiresInDays` null never expires. The secret is in the answer only. */
		create(input: { accountId: string; name: string; expiresInDays: number | null }) {
			const expiresAt =
				input.expiresInDays === null ? null : new Date(now() + input.expiresInDays * DAY_MS);
			return insert(db, { accountId: input.accountId, name: input.name, expiresAt });
		},

		/** The account's keys that still work, newest first. */
		async list(accountId: string): Promise<ApiKeyView[]> {
			const rows = await db
				.select()
				.from(apiKeys)
				.where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
				.orderBy(desc(apiKeys.createdAt));
			return rows.filter((row) => !row.expiresAt || row.expiresAt.getTime() > now()).map(view);
		},

		/** Revokes a key of the account at once, on every instance. False when there was none. */
		async revoke(accountId: string, id: string): Promise<boolean> {
			const row = await revokeIn(db, accountId, id);
			if (!row) return false;
			await cache.evict(row.keyHash);
			return true;
		},

		/**
		 * Replaces a key by a new one with the same name and expiry; the old one stops at once.
		 * Null when the account has no such key.
		 */
		async roll(accountId: string, id: string): Promise<NewApiKey | null> {
			const rolled = await db.transaction(async (tx) => {
				const old = await revokeIn(tx, accountId, id);
				if (!old) return null;
				return { hash: old.keyHash, next: await insert(tx, old) };
			});
			if (!rolled) return null;
			await cache.evict(rolled.hash);
			return rolled.next;
		},

		/** The key a bearer secret names, if it exists, is not revoked and has not expired. */
		async authenticate(secret: string): Promise<AuthenticatedKey | null> {
			if (!apiKeyPattern.test(secret)) return null;
			const hash = hashToken(secret);
			const at = now();
			const entry = await cache.get(hash, async () => {
				const [row] = await db
					.select({
						id: apiKeys.id,
						accountId: apiKeys.accountId,
						expiresAt: apiKeys.expiresAt,
						revokedAt: apiKeys.revokedAt
					})
					.from(apiKeys)
					.where(eq(apiKeys.keyHash, hash));
				const key = row && !row.revokedAt ? { id: row.id, accountId: row.accountId } : null;
				return { key, expiresAt: row?.expiresAt?.getTime() ?? null };
			});
			if (!entry.key || (entry.expiresAt !== null && entry.expiresAt <= at)) return null;
			// "Last used" to the minute is plenty, and spares a write per key and flush.
			if (at - (written.get(entry.key.id) ?? 0) >= LAST_USED_PRECISION_MS) {
				used.set(entry.key.id, new Date(at));
			}
			return entry.key;
		},

		/** Writes the "last used" time of the keys used since the last call (one update each). */
		async flushLastUsed(): Promise<void> {
			const batch = [...used];
			used.clear();
			for (const [id, at] of batch) {
				if (written.size >= 100_000) written.clear();
				written.set(id, at.getTime());
				await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
			}
		},

		close: cache.close
	};
}
