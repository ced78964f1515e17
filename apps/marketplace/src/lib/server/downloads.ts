import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { BundleSku } from './bundles.js';
import type { Db } from './db/index.js';
import { downloadGrants } from './db/schema.js';
import { tokenSchema, type DownloadState } from './orders.js';
import { hashToken } from './tokens.js';

export type DownloadRefusal = 'expired' | 'exhausted' | 'revoked' | 'unknown';

export type ConsumeDownloadResult =
	| { ok: true; bundleSku: BundleSku; remaining: number; expiresAt: Date }
	| { ok: false; reason: DownloadRefusal };

/**
 * Counts one download, or says why it is refused. The count is taken by a single conditional
 * UPDATE, so concurrent requests can never exceed the cap: the database serialises them on the
 * row and each re-checks `downloads < max_downloads`. Only a refusal pays for a second read.
 * The download endpoint takes it as a reservation before the first byte and gives it back with
 * `releaseDownload` if the transfer does not complete (see `download-endpoint.ts`).
 * @example const result = await consumeDownload(db, params.token); if (!result.ok) error(410, result.reason);
 */
export async function consumeDownload(db: Db, token: string): Promise<ConsumeDownloadResult> {
	if (!tokenSchema.safeParse(token).success) return { ok: false, reason: 'unknown' };
	const tokenHash = hashToken(token);
	const [grant] = await db
		.update(downloadGrants)
		.set({ downloads: sql`${downloadGrants.downloads} + 1` })
		.where(
			and(
				eq(downloadGrants.tokenHash, tokenHash),
				isNull(downloadGrants.revokedAt),
				gt(downloadGrants.expiresAt, sql`now()`),
				lt(downloadGrants.downloads, downloadGrants.maxDownloads)
			)
		)
		.returning();
	if (grant) {
		return {
			ok: true,
			bundleSku: grant.bundleSku as BundleSku,
			remaining: grant.maxDownloads - grant.downloads,
			expiresAt: grant.expiresAt
		};
	}
	const status = await downloadStatus(db, token);
	if (!status) return { ok: false, reason: 'unknown' };
	// A grant that was active a moment ago can only have been used up meanwhile.
	return { ok: false, reason: status.state === 'active' ? 'exhausted' : status.state };
}

/**
 * Gives back a download counted by `consumeDownload` whose transfer did not complete (the client
 * went away, the stream failed). Never takes the count below zero.
 */
export async function releaseDownload(db: Db, token: string): Promise<void> {
	if (!tokenSchema.safeParse(token).success) return;
	await db
		.update(downloadGrants)
		.set({ downloads: sql`${downloadGrants.downloads} - 1` })
		.where(and(eq(downloadGrants.tokenHash, hashToken(token)), gt(downloadGrants.downloads, 0)));
}

export interface DownloadStatus {
	bundleSku: string;
	downloads: number;
	maxDownloads: number;
	remaining: number;
	expiresAt: Date;
	state: DownloadState;
}

/** What a download link has left, for the status page; `undefined` for an unknown token. */
export async function downloadStatus(db: Db, token: string): Promise<DownloadStatus | undefined> {
	if (!tokenSchema.safeParse(token).success) return undefined;
	// The database's clock decides expiry, as it does in consumeDownload.
	const [grant] = await db
		.select({
			bundleSku: downloadGrants.bundleSku,
			downloads: downloadGrants.downloads,
			maxDownloads: downloadGrants.maxDownloads,
			expiresAt: downloadGrants.expiresAt,
			revoked: sql<boolean>`${downloadGrants.revokedAt} is not null`,
			expired: sql<boolean>`${downloadGrants.expiresAt} <= now()`
		})
		.from(downloadGrants)
		.where(eq(downloadGrants.tokenHash, hashToken(token)));
	if (!grant) return undefined;
	const state: DownloadState = grant.revoked
		? 'revoked'
		: grant.expired
			? 'expired'
			: grant.downloads >= grant.maxDownloads
				? 'exhausted'
				: 'active';
	return {
		bundleSku: grant.bundleSku,
		downloads: grant.downloads,
		maxDownloads: grant.maxDownloads,
		remaining: Math.max(0, grant.maxDownloads - grant.downloads),
		expiresAt: grant.expiresAt,
		state
	};
}
