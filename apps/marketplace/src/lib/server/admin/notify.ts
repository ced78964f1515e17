import type { Db, Tx } from '../db/index.js';
import { queueMessage, type MessageContent } from '../email.js';
import type { OutboxKey } from '../outbox-cipher.js';

export interface AdminNotice {
	/**
	 * Why the admins are told (`ticket:T-1042:new`, `milestone:2026-11:1000000`,
	 * `alert:webhook-backlog:2026-11-30T08`): each admin gets one message per cause, however often
	 * it is asked for, so a retried job or two racing sales send nothing twice.
	 */
	cause: string;
	kind: string;
	content: MessageContent;
}

/**
 * Queues one message to every admin (`ADMIN_EMAILS`) through the outbox. Returns how many were
 * new; 0 means every admin already had this cause.
 * @example await notifyAdmins(db, { emails: config.admin.emails, outboxKey }, notice);
 */
export async function notifyAdmins(
	db: Db | Tx,
	{ emails, outboxKey }: { emails: ReadonlySet<string>; outboxKey: OutboxKey },
	notice: AdminNotice
): Promise<number> {
	let queued = 0;
	for (const to of emails) {
		const fresh = await queueMessage(db, {
			cause: `${notice.cause}:${to}`,
			kind: notice.kind,
			to,
			content: notice.content,
			outboxKey
		});
		if (fresh) queued++;
	}
	return queued;
}
