/**
 * The shape of the admin metrics (`GET /admin/api/metrics`), shared by the server that computes
 * them (src/lib/server/admin/metrics.ts) and the dashboard that shows them. No server code:
 * the browser may import it.
 */

export const metricsIntervals = ['day', 'week', 'month'] as const;
export type MetricsInterval = (typeof metricsIntervals)[number];

export interface MetricsQuery {
	/** First local day, `YYYY-MM-DD`. */
	from: string;
	/** Last local day, `YYYY-MM-DD`, included. */
	to: string;
	interval: MetricsInterval;
	/** IANA time zone the days are cut in (`Europe/Paris`). */
	timeZone: string;
}

/** One bucket of the series; `start` is its first local day (the first one starts at `from`). */
export interface MetricsPoint {
	start: string;
	gross: number;
	refunds: number;
	net: number;
	orders: number;
}

export interface SubscriptionMetrics {
	/** MRR at the end of the period. */
	mrr: number;
	arr: number;
	active: number;
	trialing: number;
	newMrr: number;
	expansionMrr: number;
	/** Negative or zero, as ChartMogul shows it: the movements add up to MRR's change. */
	contractionMrr: number;
	/** Negative or zero. */
	churnedMrr: number;
	reactivationMrr: number;
	/** Customers lost in the period over customers paying at its start; null without any. */
	churnRate: number | null;
	/** Trials ended in the period that became active, over trials ended; null without any. */
	trialConversion: number | null;
}

/** Amounts in minor units of `currency`. */
export interface Metrics {
	currency: string;
	totals: { gross: number; refunds: number; net: number; orders: number; aov: number };
	series: MetricsPoint[];
	byProduct: { productId: string; orders: number; gross: number; net: number }[];
	bySource: { source: string; orders: number; gross: number }[];
	subscriptions: SubscriptionMetrics;
}
