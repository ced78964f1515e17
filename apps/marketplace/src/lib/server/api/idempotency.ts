import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { apiIdempotency } from '../db/schema.js';

export type IdempotencyClaim =
	| { kind: 'first' }
	| { kind: 'replay'; status: number; body: string }
	| { kind: 'in_progress' }
	| { kind: 'mismatch' };

/**
 * Claims an `Idempotency-Key` of an account with one conditional insert: the first request
 * with it runs, later ones replay its answer (whichever app instance they reach). A key reused
 * with another request is refused, as is one whose first request is still running.
 */
export async function claimIdempotencyKey(
	db: Db,
	input: { accountId: string; key: string; requestHash: string }
): Promise<IdempotencyClaim> {
	const inserted = await db
		.insert(apiIdempotency)
		.values(input)
		.onConflictDoNothing()
		.returning({ key: apiIdempotency.key });
	if (inserted.length > 0) return { kind: 'first' };
	const [row] = await db
		.select()
		.from(apiIdempotency)
		.where(and(eq(apiIdempotency.accountId, input.accountId), eq(apiIdempotency.key, input.key)));
	// Deleted in between (the first request gave up): the caller may simply retry.
	if (!row) return { kind: 'in_progress' };
	if (row.requestHash !== input.requestHash) return { kind: 'mismatch' };
	if (row.status === null || row.body === null) return { kind: 'in_progress' };
	return { kind: 'replay', status: row.status, body: row.body };
}

/** Stores the first request's answer for replays. */
export async function completeIdempotencyKey(
	db: Db,
	input: { accountId: string; key: string; status: number; body: string }
): Promise<void> {
	await db
		.update(apiIdempotency)
		.set({ status: input.status, body: input.body })
		.where(
			and(
				eq(apiIdempotency.accountId, input.accountId),
				eq(apiIdempotency.key, input.key),
				isNull(apiIdempotency.status)
			)
		);
}

/** Frees a key whose first request did not run (refused by a limit, or failed): it may be retried. */
export async function releaseIdempotencyKey(
	db: Db,
	input: { accountId: string; key: string }
): Promise<void> {
	await db
		.delete(apiIdempotency)
		.where(
			and(
				eq(apiIdempotency.accountId, input.accountId),
				eq(apiIdempotency.key, input.key),
				isNull(apiIdempotency.status)
			)
		);
}
