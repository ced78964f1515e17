import { error } from '@sveltejs/kit';
import { listMailbox, type MailboxEntry } from './email.js';
import { getServices } from './services.js';

/**
 * The development mailbox: queued and sent mail, only while the app runs against the sandbox.
 * Anywhere else it does not exist (404), as it shows receipts with license keys.
 */
export async function readDevMailbox(): Promise<MailboxEntry[]> {
	const { config, database, outboxKey } = await getServices();
	if (!config.sandbox) error(404, 'Not found');
	return listMailbox(database.db, { limit: 50, outboxKey });
}
