import { desc, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.js';
import { adminAuditLog } from '../db/schema.js';

/** What an admin did, for the audit log. `target` names the object (an order id, a ticket ref). */
export interface AuditEntry {
	actor: string;
	action: string;
	target: string;
	/** What a reader needs to understand the action later (amount, reason, old and new values). */
	details?: Record<string, unknown>;
}

/**
 * Writes one line of the audit log. Pass the transaction that makes the change, so the change and
 * its line commit together or not at all.
 * @example await recordAudit(tx, { actor: admin.actor, action: 'grant.reset', target: orderId });
 */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
	await db.insert(adminAuditLog).values({
		actor: entry.actor,
		action: entry.action,
		target: entry.target,
		details: entry.details ?? {}
	});
}

/** The newest lines first, `limit` at a time; `before` is the last id of the previous page. */
export async function listAudit(
	db: Db,
	{ limit = 50, before }: { limit?: number; before?: number }
) {
	return db
		.select()
		.from(adminAuditLog)
		.where(before ? lt(adminAuditLog.id, before) : undefined)
		.orderBy(desc(adminAuditLog.id))
		.limit(limit);
}
