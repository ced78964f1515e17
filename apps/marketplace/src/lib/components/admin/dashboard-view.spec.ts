import { describe, expect, it } from 'vitest';
import { dashboardView, type DashboardMetrics } from './dashboard-view.js';

const quiet: DashboardMetrics = {
	currency: 'usd',
	totals: { gross: 0, refunds: 0, net: 0, orders: 0, aov: 0 },
	series: [{ start: '2026-03-01', gross: 0, refunds: 0, net: 0, orders: 0 }],
	subscriptions: {
		mrr: 0,
		arr: 0,
		active: 0,
		trialing: 0,
		newMrr: 0,
		expansionMrr: 0,
		contractionMrr: 0,
		churnedMrr: 0,
		reactivationMrr: 0,
		churnRate: null,
		trialConversion: null
	}
};

describe('dashboardView', () => {
	it('is empty only when nothing was sold, refunded or subscribed', () => {
		expect(dashboardView(quiet, 'day').empty).toBe(true);
		const refunded = { ...quiet, totals: { ...quiet.totals, refunds: 500, net: -500 } };
		expect(dashboardView(refunded, 'day').empty).toBe(false);
		const churned = { ...quiet, subscriptions: { ...quiet.subscriptions, churnedMrr: -9_900 } };
		expect(dashboardView(churned, 'day').empty).toBe(false);
	});

	it('writes figures as money, counts and percentages, and says why a rate is missing', () => {
		const view = dashboardView(
			{
				...quiet,
				totals: { gross: 123_450, refunds: 0, net: 123_450, orders: 3, aov: 41_150 },
				subscriptions: { ...quiet.subscriptions, mrr: 9_900, arr: 118_800, churnRate: 0.3333 }
			},
			'week'
		);
		expect(view.revenue.map((figure) => figure.value)).toEqual([
			'$1,234.50',
			'$0.00',
			'$1,234.50',
			'3',
			'$411.50'
		]);
		expect(view.subscriptions.find((f) => f.label === 'Customer churn')).toEqual({
			label: 'Customer churn',
			value: '33.3%',
			note: undefined
		});
		expect(view.subscriptions.find((f) => f.label === 'Trial conversion')).toMatchObject({
			value: 'n/a',
			note: 'No trial ended in the period'
		});
	});

	it('describes the charts in words', () => {
		const view = dashboardView(
			{
				...quiet,
				series: [
					{ start: '2026-03-02', gross: 10_000, refunds: 0, net: 10_000, orders: 1 },
					{ start: '2026-03-09', gross: 30_000, refunds: 0, net: 30_000, orders: 2 }
				],
				subscriptions: { ...quiet.subscriptions, newMrr: 9_900, churnedMrr: -4_950 }
			},
			'week'
		);
		expect(view.revenueCaption).toBe(
			"Gross and refunds per week; the best week began Mar 9, 2026 with $300.00 gross. Every week's figures are in the table below."
		);
		expect(view.movementsSummary).toBe(
			'MRR movements: new $99.00, expansion $0.00, reactivation $0.00, contraction $0.00, churn -$49.50.'
		);
	});
});
