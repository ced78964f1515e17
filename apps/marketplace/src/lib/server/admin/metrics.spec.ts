import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { drizzleSubscriptionStore } from '../accounts/billing-stores.js';
import { planPrices, subscriptionMrrChanges } from '../db/schema.js';
import { describeEachDriver } from '../testing/databases.js';
import { seedOrder, seedRefund, storedSubscription } from '../testing/metrics-seed.js';
import { computeMetrics } from './metrics.js';
import { monthlyAmount, recordMrrChange } from './metrics-history.js';

/**
 * Analytics on a small hand-checked dataset. March 2026 has the European DST change on Sunday
 * the 29th at 02:00 in Paris (UTC+1 before, UTC+2 after), so local days and UTC days differ by
 * one hour before and two after.
 */

const at = (iso: string) => new Date(iso);
const paris = { timeZone: 'Europe/Paris' };

describe('monthlyAmount', () => {
	it('normalises a yearly plan to a twelfth and multiplies by the quantity', () => {
		expect(
			monthlyAmount({ unitAmount: 99_000, interval: 'year', intervalCount: 1, quantity: 1 })
		).toBe(8_250);
		expect(
			monthlyAmount({ unitAmount: 9_900, interval: 'month', intervalCount: 1, quantity: 3 })
		).toBe(29_700);
		expect(
			monthlyAmount({ unitAmount: 30_000, interval: 'month', intervalCount: 3, quantity: 1 })
		).toBe(10_000);
		expect(
			monthlyAmount({ unitAmount: 1_200, interval: 'week', intervalCount: 1, quantity: 1 })
		).toBe(5_200);
	});
});

describeEachDriver('revenue metrics', (database) => {
	beforeAll(async () => {
		const { db } = database();
		// 28 March 00:00 in Paris (CET, UTC+1): the first instant of the period.
		const e = await seedOrder(db, {
			paidAt: at('2026-03-27T23:00:00Z'),
			lines: [{ sku: 'bundle-enterprise', unitAmount: 149_900 }],
			source: 'lemonsqueezy'
		});
		// 27 March 23:59 in Paris: the minute before the period.
		await seedOrder(db, {
			paidAt: at('2026-03-27T22:59:00Z'),
			lines: [{ sku: 'bundle-starter', unitAmount: 19_900 }]
		});
		// 29 March 00:30 in Paris, still the 28th in UTC.
		await seedOrder(db, {
			paidAt: at('2026-03-28T23:30:00Z'),
			lines: [{ sku: 'bundle-professional', unitAmount: 49_900 }]
		});
		// 29 March 23:30 in Paris (CEST, UTC+2).
		const c = await seedOrder(db, {
			paidAt: at('2026-03-29T21:30:00Z'),
			lines: [
				{ sku: 'bundle-starter', unitAmount: 19_900 },
				{ sku: 'bundle-professional', unitAmount: 49_900 }
			]
		});
		// 30 March 00:30 in Paris, the 29th in UTC.
		await seedOrder(db, {
			paidAt: at('2026-03-29T22:30:00Z'),
			lines: [{ sku: 'bundle-starter', unitAmount: 19_900, quantity: 2 }],
			source: 'gumroad'
		});
		// Paid in February, refunded in the period: the refund counts, the sale does not.
		const f = await seedOrder(db, {
			paidAt: at('2026-02-10T12:00:00Z'),
			lines: [{ sku: 'bundle-enterprise', unitAmount: 149_900 }],
			status: 'refunded'
		});
		// Not paid, and paid in euros: neither is a sale in the shop's currency.
		await seedOrder(db, { paidAt: null, lines: [{ sku: 'bundle-starter', unitAmount: 19_900 }] });
		await seedOrder(db, {
			paidAt: at('2026-03-30T10:00:00Z'),
			lines: [{ sku: 'bundle-starter', unitAmount: 18_900 }],
			currency: 'eur'
		});
		// 30 March 23:59 in Paris; spread over C's lines: 1 990 starter, 4 990 professional.
		await seedRefund(db, { orderId: c, amount: 6_980, at: at('2026-03-30T21:59:00Z') });
		await seedRefund(db, { orderId: f, amount: 5_000, at: at('2026-03-31T12:00:00Z') });
		// 1 April 02:00 in Paris: after the period, though the order was paid in it.
		await seedRefund(db, { orderId: e, amount: 149_900, at: at('2026-04-01T00:00:00Z') });
	});

	it('buckets sales by local day in the time zone, across the DST change', async () => {
		const metrics = await computeMetrics(database().db, {
			from: '2026-03-28',
			to: '2026-03-31',
			interval: 'day',
			...paris
		});
		expect(metrics.currency).toBe('usd');
		expect(metrics.series).toEqual([
			{ start: '2026-03-28', gross: 149_900, refunds: 0, net: 149_900, orders: 1 },
			{ start: '2026-03-29', gross: 119_700, refunds: 0, net: 119_700, orders: 2 },
			{ start: '2026-03-30', gross: 39_800, refunds: 6_980, net: 32_820, orders: 1 },
			{ start: '2026-03-31', gross: 0, refunds: 5_000, net: -5_000, orders: 0 }
		]);
		expect(metrics.totals).toEqual({
			gross: 309_400,
			refunds: 11_980,
			net: 297_420,
			orders: 4,
			aov: 77_350
		});
	});

	it('cuts the same sales at UTC midnight in UTC', async () => {
		const metrics = await computeMetrics(database().db, {
			from: '2026-03-28',
			to: '2026-03-29',
			interval: 'day',
			timeZone: 'UTC'
		});
		expect(metrics.series.map(({ start, gross, orders }) => ({ start, gross, orders }))).toEqual([
			{ start: '2026-03-28', gross: 49_900, orders: 1 },
			{ start: '2026-03-29', gross: 109_600, orders: 2 }
		]);
	});

	it('starts weeks on Monday, the first one at `from`, and months on the 1st', async () => {
		const { db } = database();
		const weeks = await computeMetrics(db, {
			from: '2026-03-28',
			to: '2026-03-31',
			interval: 'week',
			...paris
		});
		expect(weeks.series).toEqual([
			{ start: '2026-03-28', gross: 269_600, refunds: 0, net: 269_600, orders: 3 },
			{ start: '2026-03-30', gross: 39_800, refunds: 11_980, net: 27_820, orders: 1 }
		]);
		const months = await computeMetrics(db, {
			from: '2026-02-01',
			to: '2026-04-30',
			interval: 'month',
			...paris
		});
		expect(months.series.map(({ start, gross, refunds }) => ({ start, gross, refunds }))).toEqual([
			{ start: '2026-02-01', gross: 149_900, refunds: 0 },
			{ start: '2026-03-01', gross: 329_300, refunds: 11_980 },
			{ start: '2026-04-01', gross: 0, refunds: 149_900 }
		]);
	});

	it('breaks sales down by catalog product and by source', async () => {
		const metrics = await computeMetrics(database().db, {
			from: '2026-03-28',
			to: '2026-03-31',
			interval: 'day',
			...paris
		});
		expect(metrics.byProduct).toEqual([
			{ productId: 'bundle-enterprise', orders: 1, gross: 149_900, net: 144_900 },
			{ productId: 'bundle-professional', orders: 2, gross: 99_800, net: 94_810 },
			{ productId: 'bundle-starter', orders: 2, gross: 59_700, net: 57_710 }
		]);
		expect(metrics.bySource).toEqual([
			{ source: 'lemonsqueezy', orders: 1, gross: 149_900 },
			{ source: 'stripe', orders: 2, gross: 119_700 },
			{ source: 'gumroad', orders: 1, gross: 39_800 }
		]);
	});
});

describeEachDriver('subscription metrics', (database) => {
	const prices = {
		proMonthly: 'price_pro_m',
		proYearly: 'price_pro_y',
		teamMonthly: 'price_team_m',
		teamYearly: 'price_team_y'
	};

	/** Records a subscription's state as of `iso`, as the store's upsert does. */
	async function change(
		iso: string,
		id: string,
		customerId: string,
		status: 'active' | 'trialing' | 'canceled' | 'past_due',
		priceId: string
	) {
		const { db } = database();
		await db.transaction((tx) =>
			recordMrrChange(tx, storedSubscription({ id, customerId, status, priceId }), { at: at(iso) })
		);
	}

	beforeAll(async () => {
		const { db } = database();
		await db.insert(planPrices).values([
			{ stripePriceId: prices.proMonthly, sku: 'api-pro-monthly', productId: 'api-pro' },
			{ stripePriceId: prices.proYearly, sku: 'api-pro-yearly', productId: 'api-pro' },
			{ stripePriceId: prices.teamMonthly, sku: 'api-team-monthly', productId: 'api-team' },
			{ stripePriceId: prices.teamYearly, sku: 'api-team-yearly', productId: 'api-team' }
		]);
		// April: three customers paying 9 900 + 49 900 + 8 250 (99 000 a year) at its end.
		await change('2026-04-01T10:00:00Z', 'sub_1', 'cus_1', 'active', prices.proMonthly);
		await change('2026-04-02T10:00:00Z', 'sub_2', 'cus_2', 'active', prices.teamMonthly);
		await change('2026-04-03T10:00:00Z', 'sub_3', 'cus_3', 'active', prices.proYearly);
		await change('2026-04-04T10:00:00Z', 'sub_4', 'cus_4', 'active', prices.proMonthly);
		await change('2026-04-20T10:00:00Z', 'sub_4', 'cus_4', 'canceled', prices.proMonthly);
		await change('2026-04-25T10:00:00Z', 'sub_5', 'cus_5', 'trialing', prices.proMonthly);
		await change('2026-04-26T10:00:00Z', 'sub_6', 'cus_6', 'trialing', prices.proMonthly);
		// May.
		await change('2026-05-02T10:00:00Z', 'sub_9', 'cus_9', 'active', prices.proMonthly);
		await change('2026-05-03T10:00:00Z', 'sub_1', 'cus_1', 'active', prices.teamMonthly);
		await change('2026-05-05T10:00:00Z', 'sub_2', 'cus_2', 'active', prices.proYearly);
		await change('2026-05-09T10:00:00Z', 'sub_5', 'cus_5', 'active', prices.proMonthly);
		await change('2026-05-09T11:00:00Z', 'sub_6', 'cus_6', 'canceled', prices.proMonthly);
		await change('2026-05-10T10:00:00Z', 'sub_3', 'cus_3', 'canceled', prices.proYearly);
		await change('2026-05-12T10:00:00Z', 'sub_4b', 'cus_4', 'active', prices.proMonthly);
		await change('2026-05-15T10:00:00Z', 'sub_7', 'cus_7', 'active', prices.teamYearly);
		await change('2026-05-20T10:00:00Z', 'sub_8', 'cus_8', 'trialing', prices.proMonthly);
		await change('2026-05-20T11:00:00Z', 'sub_9', 'cus_9', 'past_due', prices.proMonthly);
		// June, after the period.
		await change('2026-06-02T10:00:00Z', 'sub_7', 'cus_7', 'canceled', prices.teamYearly);
	});

	it('classifies each MRR movement of the period and counts at its end', async () => {
		const { subscriptions } = await computeMetrics(database().db, {
			from: '2026-05-01',
			to: '2026-05-31',
			interval: 'month',
			timeZone: 'UTC'
		});
		expect(subscriptions).toEqual({
			// 49 900 + 8 250 + 9 900 (sub_4b) + 9 900 (sub_5) + 41 583 (499 000 / 12) + 9 900 (past due)
			mrr: 129_433,
			arr: 1_553_196,
			active: 6,
			trialing: 1,
			newMrr: 9_900 + 41_583 + 9_900,
			expansionMrr: 40_000,
			contractionMrr: -41_650,
			churnedMrr: -8_250,
			reactivationMrr: 9_900,
			churnRate: 0.3333,
			trialConversion: 0.5
		});
		const start = 9_900 + 49_900 + 8_250;
		const movements =
			subscriptions.newMrr +
			subscriptions.expansionMrr +
			subscriptions.contractionMrr +
			subscriptions.churnedMrr +
			subscriptions.reactivationMrr;
		expect(start + movements).toBe(subscriptions.mrr);
	});

	it('has no churn rate without customers at the start, and no conversion without ended trials', async () => {
		const { subscriptions } = await computeMetrics(database().db, {
			from: '2026-04-01',
			to: '2026-04-30',
			interval: 'week',
			timeZone: 'UTC'
		});
		expect(subscriptions).toMatchObject({
			mrr: 68_050,
			active: 3,
			trialing: 2,
			newMrr: 9_900 + 49_900 + 8_250 + 9_900,
			churnedMrr: -9_900,
			churnRate: null,
			trialConversion: null
		});
	});

	it('is written by the subscription store, once per change of MRR or status', async () => {
		const { db } = database();
		const store = drizzleSubscriptionStore(db);
		const record = {
			id: 'sub_store',
			customerId: 'cus_store',
			status: 'trialing',
			priceId: prices.teamYearly,
			quantity: 2,
			currentPeriodStart: null,
			currentPeriodEnd: null,
			cancelAtPeriodEnd: false,
			cancelAt: null,
			canceledAt: null,
			trialEnd: null
		};
		await store.upsert(record);
		await store.upsert(record);
		await store.upsert({ ...record, status: 'active' });
		await store.upsert({ ...record, status: 'active', cancelAtPeriodEnd: true });
		await store.upsert({ ...record, status: 'active', quantity: 1 });
		const rows = await db
			.select()
			.from(subscriptionMrrChanges)
			.where(eq(subscriptionMrrChanges.subscriptionId, 'sub_store'))
			.orderBy(subscriptionMrrChanges.id);
		expect(
			rows.map(({ status, mrr, delta, productId }) => ({ status, mrr, delta, productId }))
		).toEqual([
			{ status: 'trialing', mrr: 0, delta: 0, productId: 'api-team' },
			{ status: 'active', mrr: 83_167, delta: 83_167, productId: 'api-team' },
			{ status: 'active', mrr: 41_583, delta: -41_584, productId: 'api-team' }
		]);
	});
});
