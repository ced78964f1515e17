import { sendPending } from '../email.js';
import type { Services } from '../services.js';
import type { SourceContext } from './record-sale.js';

/**
 * The shop's context for other platforms' sales: its database and outbox, its configured origin
 * (never the request's Host) for the receipt's links, and mail sent at once when SMTP is set.
 */
export function sourceContext({
	config,
	database,
	mail,
	outboxKey
}: Pick<Services, 'config' | 'database' | 'mail' | 'outboxKey'>): SourceContext {
	return {
		db: database.db,
		outboxKey,
		origin: config.origin,
		adminEmails: config.admin.emails,
		onQueued: async () => {
			// Best effort: a failure leaves the mail queued for the next retry round.
			if (mail) await sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
		}
	};
}
