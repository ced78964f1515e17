import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { emailOutbox, stripeEvents } from '../db/schema.js';
import { listMailbox } from '../email.js';
import { describeEachDriver } from '../testing/databases.js';
import { testOutboxKey as outboxKey } from '../testing/orders.js';
import { runAlerts } from './alerts.js';

const options = {
	emails: new Set(['founder@shop.dev', 'cofounder@shop.dev']),
	outboxKey,
	origin: 'https://shop.example',
	thresholds: {
		paymentFailuresPerHour: 5,
		outboxMaxQueued: 100,
		outboxMaxAgeMs: 15 * 60_000,
		webhookMaxFailed: 0,
		webhookMaxAgeMs: 10 * 60_000
	}
};

/** `minutes` ago, by this machine's clock (the test databases run on it too). */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describeEachDriver('admin alerts', (database) => {
	beforeEach(async () => {
		const { db } = database();
		await db.delete(emailOutbox);
		await db.delete(stripeEvents);
	});

	const event = (id: string, type: string, extra: Partial<typeof stripeEvents.$inferInsert> = {}) =>
		database()
			.db.insert(stripeEvents)
			.values({ id, type, status: 'handled', lockedUntil: sql`now()`, ...extra });

	it('alerts on failed payments from the threshold on, once an hour', async () => {
		const { db } = database();
		for (let i = 0; i < 4; i++) await event(`evt_pi_${i}`, 'payment_intent.payment_failed');
		await event('evt_old', 'invoice.payment_failed', {
			receivedAt: ago(2 * 60)
		});
		await event('evt_ok', 'payment_intent.succeeded');
		expect(await runAlerts(db, options)).toEqual([]);

		await event('evt_in_1', 'invoice.payment_failed');
		const now = new Date();
		const hour = now.toISOString().slice(0, 13);
		expect(await runAlerts(db, { ...options, now })).toEqual([
			{ cause: `alert:payment-failures:${hour}`, queued: 2 }
		]);
		// The job runs every few minutes: the same hour sends nothing more.
		expect(await runAlerts(db, { ...options, now })).toEqual([
			{ cause: `alert:payment-failures:${hour}`, queued: 0 }
		]);
		const mail = await listMailbox(db, { outboxKey });
		expect(mail.map((m) => m.to).sort()).toEqual(['cofounder@shop.dev', 'founder@shop.dev']);
		expect(mail[0]?.subject).toBe('Alert: 5 failed payments in the last hour');
		expect(mail[0]?.text).toContain('https://shop.example/admin/health');
	});

	it('alerts on a webhook backlog once per hour per cause', async () => {
		const { db } = database();
		await event('evt_fresh', 'payment_intent.succeeded', { status: 'pending' });
		expect(await runAlerts(db, options)).toEqual([]);

		await event('evt_failed', 'charge.refunded', {
			status: 'pending',
			lastError: 'boom',
			attempts: 2
		});
		const now = new Date('2026-11-30T08:59:00Z');
		const later = new Date('2026-11-30T09:01:00Z');
		expect(await runAlerts(db, { ...options, now })).toEqual([
			{ cause: 'alert:webhook-backlog:2026-11-30T08', queued: 2 }
		]);
		expect(await runAlerts(db, { ...options, now })).toEqual([
			{ cause: 'alert:webhook-backlog:2026-11-30T08', queued: 0 }
		]);
		// A backlog still there in the next hour is told again.
		expect(await runAlerts(db, { ...options, now: later })).toEqual([
			{ cause: 'alert:webhook-backlog:2026-11-30T09', queued: 2 }
		]);
		const [mail] = await listMailbox(db, { outboxKey });
		expect(mail?.subject).toBe('Alert: 2 Stripe webhook events unprocessed, 1 failed');
	});

	it('alerts on an unprocessed event older than the limit, even without a failure', async () => {
		const { db } = database();
		await event('evt_stuck', 'payment_intent.succeeded', {
			status: 'pending',
			receivedAt: ago(11)
		});
		const [outcome] = await runAlerts(db, options);
		expect(outcome?.cause).toMatch(/^alert:webhook-backlog:/);
		expect(outcome?.queued).toBe(2);
	});
});
