import type { Db } from '../db/index.js';
import type { MessageContent } from '../email.js';
import { apiUsageAlerts } from '../db/schema.js';

/** The quota shares that send an email, once per account and billing period each. */
export const ALERT_PERCENTS = [80, 100] as const;

/** One alert to send: the account used `percent` % of its period's included calls. */
export interface UsageAlert {
	accountId: string;
	percent: (typeof ALERT_PERCENTS)[number];
	used: number;
	included: number;
	/** Whether calls past the quota are refused (Pro) or billed as overage (Team). */
	capped: boolean;
	periodEnd: Date;
}

export interface UsageAlerts {
	/** Checks one counted call; resolves once any alert it triggers is sent. */
	check(input: Omit<UsageAlert, 'percent'> & { periodStart: Date }): Promise<void>;
}

/** Sends an alert (the accounts' mailer, which knows the owner's address). */
export type SendUsageAlert = (alert: UsageAlert) => Promise<void>;

/**
 * Decides which usage alerts a call triggers and sends each once per period: a conditional
 * insert claims it in the database (so two instances never both send it), and this process
 * remembers what it claimed, so calls past a threshold cost no query. A failed send releases
 * nothing: an alert is never sent twice, at worst once late (the next call after a restart).
 */
export function createUsageAlerts(options: { db: Db; send: SendUsageAlert }): UsageAlerts {
	const { db, send } = options;
	const claimed = new Set<string>();

	return {
		async check(input) {
			for (const percent of ALERT_PERCENTS) {
				if (input.used * 100 < input.included * percent) continue;
				const period = input.periodStart.toISOString();
				const memo = `${input.accountId} ${period} ${percent}`;
				if (claimed.has(memo)) continue;
				if (claimed.size >= 100_000) claimed.clear();
				claimed.add(memo);
				const inserted = await db
					.insert(apiUsageAlerts)
					.values({ accountId: input.accountId, period, percent })
					.onConflictDoNothing()
					.returning({ percent: apiUsageAlerts.percent });
				if (inserted.length === 0) continue;
				const { periodStart: _start, ...alert } = input;
				await send({ ...alert, percent });
			}
		}
	};
}

/** The alert email, rendered by the store's one template (`renderMessage`). */
export function renderUsageAlert(
	alert: UsageAlert,
	links: { usage: string; plans: string }
): MessageContent {
	const number = (value: number) => value.toLocaleString('en-US');
	const renews = alert.periodEnd.toISOString().slice(0, 10);
	const subject =
		alert.percent === 100
			? `You have used all ${number(alert.included)} API calls of this period`
			: `You have used ${alert.percent}% of your API calls`;
	const next =
		alert.percent < 100
			? `At the quota, ${alert.capped ? 'calls are refused (429 quota_exceeded)' : 'each further call is billed as overage'} until ${renews}.`
			: alert.capped
				? `Calls are refused (429 quota_exceeded) until the period renews on ${renews}, or until you upgrade.`
				: `Further calls are billed as overage per 1,000 calls until ${renews}.`;
	return {
		subject,
		heading: subject,
		paragraphs: [
			`${number(alert.used)} of ${number(alert.included)} API calls used this period.`,
			next,
			`Compare plans: ${links.plans}`
		],
		action: { label: 'See your usage', url: links.usage }
	};
}
