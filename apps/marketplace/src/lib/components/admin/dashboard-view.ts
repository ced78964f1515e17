import type { Metrics } from '$lib/admin/metrics-types.js';
import { formatAmount, formatCount, formatDay, formatRatio } from './metrics-format.js';

/** What the dashboard shows of the metrics, computed once from the JSON the API also serves. */

/** The JSON of `/admin/api/metrics`, as the page receives it: the parts the dashboard shows. */
export type DashboardMetrics = Pick<Metrics, 'currency' | 'totals' | 'series' | 'subscriptions'>;

export function dashboardView(metrics: DashboardMetrics, interval: string) {
	const { currency, totals, subscriptions: s } = metrics;
	const best = metrics.series.reduce<DashboardMetrics['series'][number] | undefined>(
		(top, point) => (point.gross > (top?.gross ?? 0) ? point : top),
		undefined
	);
	const amount = (value: number) => formatAmount(value, currency);
	const movements = [
		{ label: 'New', amount: s.newMrr },
		{ label: 'Expansion', amount: s.expansionMrr },
		{ label: 'Reactivation', amount: s.reactivationMrr },
		{ label: 'Contraction', amount: s.contractionMrr },
		{ label: 'Churn', amount: s.churnedMrr }
	];
	const moved = movements.some((movement) => movement.amount !== 0);
	return {
		/** Nothing sold, refunded or subscribed: a fresh shop, or a period before its first sale. */
		empty: totals.orders === 0 && totals.refunds === 0 && s.mrr === 0 && s.trialing === 0 && !moved,
		period: ({ from, to, timeZone }: { from: string; to: string; timeZone: string }) =>
			`${formatDay(from)} and ${formatDay(to)} (${timeZone})`,
		revenue: [
			{ label: 'Gross', value: amount(totals.gross) },
			{ label: 'Refunds', value: amount(totals.refunds) },
			{ label: 'Net', value: amount(totals.net) },
			{ label: 'Orders', value: formatCount(totals.orders) },
			{ label: 'Average order', value: amount(totals.aov) }
		],
		subscriptions: [
			{ label: 'MRR', value: amount(s.mrr) },
			{ label: 'ARR', value: amount(s.arr) },
			{ label: 'Active subscriptions', value: formatCount(s.active) },
			{ label: 'Trialing', value: formatCount(s.trialing) },
			{
				label: 'Customer churn',
				value: formatRatio(s.churnRate),
				note: s.churnRate === null ? 'No paying customer at the start' : undefined
			},
			{
				label: 'Trial conversion',
				value: formatRatio(s.trialConversion),
				note: s.trialConversion === null ? 'No trial ended in the period' : undefined
			}
		],
		revenueCaption:
			`Gross and refunds per ${interval}` +
			(best
				? `; the best ${interval} began ${formatDay(best.start)} with ${amount(best.gross)} gross`
				: '') +
			`. Every ${interval}'s figures are in the table below.`,
		movements,
		movementsSummary: moved
			? `MRR movements: ${movements.map((m) => `${m.label.toLowerCase()} ${amount(m.amount)}`).join(', ')}.`
			: 'No MRR movement in this period.'
	};
}
