import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { emailOutbox, stripeEvents } from '../db/schema.js';
import { queueMessage } from '../email.js';
import { describeEachDriver, openPglite } from '../testing/databases.js';
import { testOutboxKey as outboxKey } from '../testing/orders.js';
import {
	createHealthChecks,
	describeFailure,
	publicReport,
	readinessResponse,
	type HealthDependencies
} from './health.js';

const thresholds = {
	outboxMaxQueued: 2,
	outboxMaxAgeMs: 15 * 60_000,
	webhookMaxFailed: 0,
	webhookMaxAgeMs: 10 * 60_000
};

const checksOn = (db: Db, overrides: Partial<HealthDependencies> = {}) =>
	createHealthChecks({
		db,
		probeStripe: async () => ({}),
		mailConfigured: true,
		thresholds,
		...overrides
	});

const checkNamed = async (checks: ReturnType<typeof checksOn>, name: string) => {
	const report = await checks.run();
	const check = report.checks.find((candidate) => candidate.name === name);
	if (!check) throw new Error(`No ${name} check in ${JSON.stringify(report)}`);
	return { report, check };
};

const queueMail = (db: Db, cause: string) =>
	queueMessage(db, {
		cause,
		kind: 'test',
		to: 'someone@example.com',
		content: { subject: 'Hi', heading: 'Hi', paragraphs: [] },
		outboxKey
	});

/** `minutes` ago, by this machine's clock (the test databases run on it too). */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describeEachDriver('health checks', (database) => {
	beforeEach(async () => {
		const { db } = database();
		await db.delete(emailOutbox);
		await db.delete(stripeEvents);
	});

	it('is ready when every dependency answers and nothing is backed up', async () => {
		const report = await checksOn(database().db).run();
		expect(report.checks.map((check) => [check.name, check.ok])).toEqual([
			['database', true],
			['stripe', true],
			['outbox', true],
			['webhooks', true]
		]);
		expect(report.ok).toBe(true);
	});

	it('fails the outbox check past the backlog limit, and when the oldest message is too old', async () => {
		const { db } = database();
		await queueMail(db, 'health:a');
		await queueMail(db, 'health:b');
		expect((await checkNamed(checksOn(db), 'outbox')).check.ok).toBe(true);

		await queueMail(db, 'health:c');
		const { report, check } = await checkNamed(checksOn(db), 'outbox');
		expect(check).toMatchObject({ ok: false, figures: { unsent: 3 } });
		expect(report.ok).toBe(false);

		await db.delete(emailOutbox).where(sql`${emailOutbox.cause} <> 'health:a'`);
		await db
			.update(emailOutbox)
			.set({ createdAt: sql`now() - interval '20 minutes'` })
			.where(sql`${emailOutbox.cause} = 'health:a'`);
		const old = await checkNamed(checksOn(db), 'outbox');
		expect(old.check.ok).toBe(false);
		expect(old.check.figures?.oldestUnsentSeconds).toBeGreaterThanOrEqual(20 * 60);
		// Without SMTP, mail stays in the outbox on purpose: not a failure.
		expect((await checkNamed(checksOn(db, { mailConfigured: false }), 'outbox')).check.ok).toBe(
			true
		);
	});

	it('fails the webhook check on a failed event or an old unprocessed one, not on a fresh one', async () => {
		const { db } = database();
		const event = (id: string, extra: Partial<typeof stripeEvents.$inferInsert> = {}) =>
			db
				.insert(stripeEvents)
				.values({ id, type: 'payment_intent.succeeded', lockedUntil: sql`now()`, ...extra });
		await event('evt_fresh');
		await event('evt_done', {
			status: 'handled',
			lastError: 'once failed',
			receivedAt: ago(1 * 24 * 60)
		});
		expect((await checkNamed(checksOn(db), 'webhooks')).check).toMatchObject({
			ok: true,
			figures: { pending: 1, failed: 0 }
		});

		await event('evt_failed', { lastError: 'boom', attempts: 3 });
		expect((await checkNamed(checksOn(db), 'webhooks')).check).toMatchObject({
			ok: false,
			figures: { pending: 2, failed: 1, maxAttempts: 3 }
		});

		await db.delete(stripeEvents).where(sql`${stripeEvents.id} = 'evt_failed'`);
		await db
			.update(stripeEvents)
			.set({ receivedAt: ago(11) })
			.where(sql`${stripeEvents.id} = 'evt_fresh'`);
		const { check } = await checkNamed(checksOn(db), 'webhooks');
		expect(check.ok).toBe(false);
		expect(check.figures?.oldestPendingSeconds).toBeGreaterThanOrEqual(11 * 60);
	});

	it('asks Stripe once per cache period, and shares one run between concurrent probes', async () => {
		let calls = 0;
		const checks = checksOn(database().db, {
			probeStripe: async () => {
				calls++;
			}
		});
		await Promise.all(Array.from({ length: 10 }, () => checks.run()));
		await checks.run();
		expect(calls).toBe(1);
	});

	it('fails a Stripe that does not answer in time, and a Redis that refuses, without their messages', async () => {
		const checks = checksOn(database().db, {
			timeoutMs: 50,
			probeStripe: () => new Promise(() => {}),
			redis: {
				ping: async () => {
					throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6379 password=hunter2'), {
						code: 'ECONNREFUSED'
					});
				}
			}
		});
		const report = await checks.run();
		const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
		expect(report.ok).toBe(false);
		expect(byName.stripe).toMatchObject({ ok: false, detail: 'Failed: no answer within 50 ms.' });
		expect(byName.redis).toMatchObject({ ok: false, detail: 'Failed: Error (ECONNREFUSED).' });
		expect(JSON.stringify(report)).not.toMatch(/hunter2|10\.0\.0\.7/);
	});
});

describe('health checks on a database that is down', () => {
	it('answers not ready with every database check failed', async () => {
		const database = await openPglite();
		await database.destroy();
		const report = await checksOn(database.db, { timeoutMs: 2000 }).run();
		expect(report.ok).toBe(false);
		const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
		expect(failed).toEqual(['database', 'outbox', 'webhooks']);
		const response = readinessResponse(report, { full: false });
		expect(response.status).toBe(503);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toMatchObject({
			ok: false,
			checks: [{ name: 'database', ok: false }, { name: 'stripe', ok: true }, {}, {}]
		});
	});
});

describe('publicReport', () => {
	it('keeps the verdicts and drops the figures, timings and details', () => {
		const report = {
			ok: false,
			checkedAt: '2026-11-30T08:00:00.000Z',
			checks: [
				{
					name: 'outbox' as const,
					ok: false,
					detail: '300 unsent',
					ms: 4,
					figures: { unsent: 300 }
				}
			]
		};
		expect(publicReport(report)).toEqual({
			ok: false,
			checkedAt: '2026-11-30T08:00:00.000Z',
			checks: [{ name: 'outbox', ok: false }]
		});
	});
});

describe('describeFailure', () => {
	it('names a Stripe error by its type, and never repeats a message', () => {
		const error = Object.assign(new Error('Invalid API Key provided: sk_test_****1234'), {
			type: 'StripeAuthenticationError'
		});
		expect(describeFailure(error)).toBe('StripeAuthenticationError');
		expect(describeFailure('text')).toBe('failed');
	});
});
