import { expect, it } from 'vitest';
import { listMailbox } from '../email.js';
import { describeEachDriver } from '../testing/databases.js';
import { testOutboxKey as outboxKey } from '../testing/orders.js';
import { notifyAdmins } from './notify.js';

describeEachDriver('notifyAdmins', (database) => {
	it('queues one message per admin per cause, even when asked concurrently', async () => {
		const { db } = database();
		const emails = new Set(['a@shop.dev', 'b@shop.dev']);
		const notice = {
			cause: 'test:first-sale',
			kind: 'admin_test',
			content: { subject: 'First sale', heading: 'First sale', paragraphs: ['It happened.'] }
		};
		const counts = await Promise.all(
			Array.from({ length: 5 }, () => notifyAdmins(db, { emails, outboxKey }, notice))
		);
		expect(counts.reduce((sum, count) => sum + count, 0)).toBe(2);
		const mail = (await listMailbox(db, { outboxKey })).filter((m) => m.subject === 'First sale');
		expect(mail.map((m) => m.to).sort()).toEqual(['a@shop.dev', 'b@shop.dev']);
	});
});
