import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { downloadGrants } from '../db/schema.js';
import { recordAudit } from './audit.js';

/** A grant of an order, as the customer page's forms name it. */
export const grantFormSchema = z.object({
	orderId: z.string().regex(/^ord_[\w-]{1,40}$/),
	grantId: z.coerce.number().int().positive().max(2_147_483_647)
});

/** The extension form: a whole number of days. */
export const extendFormSchema = grantFormSchema.extend({
	days: z.coerce.number().int().min(1).max(365)
});

export type GrantChange =
	{ ok: true; grantId: number; bundleSku: string } | { ok: false; error: 'not-found' | 'revoked' };

type Grant = typeof downloadGrants.$inferSelect;

/**
 * Changes one download grant of an order and logs it, in one transaction. The grant must belong
 * to the order the form names, so the audit line's target is the grant's real order.
 */
async function changeGrant(
	db: Db,
	{ actor, orderId, grantId }: { actor: string; orderId: string; grantId: number },
	action: string,
	change: (
		grant: Grant
	) =>
		{ set: Partial<Grant> | Record<string, unknown>; details: Record<string, unknown> } | 'revoked'
): Promise<GrantChange> {
	return db.transaction(async (tx) => {
		const [grant] = await tx
			.select()
			.from(downloadGrants)
			.where(and(eq(downloadGrants.id, grantId), eq(downloadGrants.orderId, orderId)))
			.for('update');
		if (!grant) return { ok: false, error: 'not-found' };
		const planned = change(grant);
		if (planned === 'revoked') return { ok: false, error: 'revoked' };
		await tx.update(downloadGrants).set(planned.set).where(eq(downloadGrants.id, grantId));
		await recordAudit(tx, {
			actor,
			action,
			target: orderId,
			details: { grantId, bundleSku: grant.bundleSku, ...planned.details }
		});
		return { ok: true, grantId, bundleSku: grant.bundleSku };
	});
}

/** Gives the buyer all their downloads again (the count back to zero). */
export function resetGrant(db: Db, input: { actor: string; orderId: string; grantId: number }) {
	return changeGrant(db, input, 'grant.reset', (grant) => ({
		set: { downloads: 0 },
		details: { downloadsBefore: grant.downloads, maxDownloads: grant.maxDownloads }
	}));
}

/**
 * Moves the expiry `days` later, counted from now when the link has already expired (an expired
 * link extended by 7 days works for 7 days, not for what was left of them).
 */
export function extendGrant(
	db: Db,
	input: { actor: string; orderId: string; grantId: number; days: number }
) {
	return changeGrant(db, input, 'grant.extend', (grant) => ({
		set: {
			expiresAt: sql`greatest(${downloadGrants.expiresAt}, now()) + make_interval(days => ${input.days})`
		},
		details: { days: input.days, expiresBefore: grant.expiresAt.toISOString() }
	}));
}

/** Stops a download link for good (a leaked link, a chargeback handled by hand). */
export function revokeGrant(db: Db, input: { actor: string; orderId: string; grantId: number }) {
	return changeGrant(db, input, 'grant.revoke', (grant) =>
		grant.revokedAt ? 'revoked' : { set: { revokedAt: sql`now()` }, details: {} }
	);
}
