import { and, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { stripeEvents } from '../db/schema.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { webhookBacklog, webhookBacklogOk, type HealthThresholds } from './health.js';
import { notifyAdmins } from './notify.js';

/** The Stripe events that are a failed payment: a one-time checkout's, or a subscription's invoice. */
export const PAYMENT_FAILURE_EVENTS = ['payment_intent.payment_failed', 'invoice.payment_failed'];

export interface AlertOptions {
	emails: ReadonlySet<string>;
	outboxKey: OutboxKey;
	/** The shop's origin, for the link to /admin/health. */
	origin: string;
	thresholds: HealthThresholds & {
		/** Failed payments in the last hour that make an alert. */
		paymentFailuresPerHour: number;
	};
	/** @default new Date() */
	now?: Date;
}

export interface AlertOutcome {
	cause: string;
	/** Messages queued now: 0 when this hour's alert already went out. */
	queued: number;
}

/**
 * Failed payments received in the hour before `now`, counted from the webhook inbox (one row per
 * Stripe event, so a redelivery is not counted twice).
 */
export async function paymentFailures(db: Db, now: Date): Promise<number> {
	const [row] = await db
		.select({ count: sql<number>`count(*)`.mapWith(Number) })
		.from(stripeEvents)
		.where(
			and(
				inArray(stripeEvents.type, PAYMENT_FAILURE_EVENTS),
				gte(stripeEvents.receivedAt, new Date(now.getTime() - 60 * 60_000))
			)
		);
	return row?.count ?? 0;
}

/**
 * Emails the admins about what needs them: many failed payments in the last hour, or a webhook
 * backlog (failed events, or an unprocessed one older than the readiness limit). At most once an
 * hour per cause: the cause names the UTC hour (`alert:webhook-backlog:2026-11-30T08`), and the
 * outbox sends one message per admin per cause however often this runs.
 * @example await runAlerts(db, { emails: config.admin.emails, outboxKey, origin, thresholds: config.health });
 */
export async function runAlerts(db: Db, options: AlertOptions): Promise<AlertOutcome[]> {
	const now = options.now ?? new Date();
	const hour = now.toISOString().slice(0, 13);
	const recipients = { emails: options.emails, outboxKey: options.outboxKey };
	const healthPage = {
		label: 'Open the health page',
		url: new URL('/admin/health', options.origin).href
	};
	const outcomes: AlertOutcome[] = [];

	const failures = await paymentFailures(db, now);
	if (failures >= options.thresholds.paymentFailuresPerHour) {
		const cause = `alert:payment-failures:${hour}`;
		const queued = await notifyAdmins(db, recipients, {
			cause,
			kind: 'admin_alert',
			content: {
				subject: `Alert: ${failures} failed payments in the last hour`,
				heading: 'Payments are failing',
				paragraphs: [
					`${failures} payments failed in the hour before ${now.toISOString()} (alert threshold: ${options.thresholds.paymentFailuresPerHour}).`,
					'Card declines happen; this many may mean a broken checkout, a fraud attempt or a problem at Stripe. Check the Stripe Dashboard’s payments list.'
				],
				action: healthPage
			}
		});
		outcomes.push({ cause, queued });
	}

	const backlog = await webhookBacklog(db);
	if (!webhookBacklogOk(backlog, options.thresholds)) {
		const cause = `alert:webhook-backlog:${hour}`;
		const oldest =
			backlog.oldestPendingSeconds === null
				? ''
				: ` The oldest has waited ${Math.round(backlog.oldestPendingSeconds / 60)} minutes.`;
		const queued = await notifyAdmins(db, recipients, {
			cause,
			kind: 'admin_alert',
			content: {
				subject: `Alert: ${backlog.pending} Stripe webhook events unprocessed, ${backlog.failed} failed`,
				heading: 'Stripe webhooks are backing up',
				paragraphs: [
					`${backlog.pending} events wait to be processed and ${backlog.failed} of them failed (up to ${backlog.maxAttempts} attempts).${oldest}`,
					'Orders may stay unfulfilled until they are processed. The server log has each failure; Stripe retries failed events for three days.'
				],
				action: healthPage
			}
		});
		outcomes.push({ cause, queued });
	}
	return outcomes;
}
