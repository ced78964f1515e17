import { sql, type SQL } from 'drizzle-orm';
import { catalog } from '../../catalog.js';
import { queryRows, type Db } from '../db/index.js';
import { PAYING_STATUSES, SHOP_CURRENCY } from './metrics-history.js';
import type {
	Metrics,
	MetricsPoint,
	MetricsQuery,
	SubscriptionMetrics
} from '../../admin/metrics-types.js';

/**
 * The dashboard's figures (`GET /admin/api/metrics`), definitions in docs/…/admin-metrics. Four
 * statements, run side by side: sales and refunds per bucket, per product, per source, and the
 * subscription figures from the MRR history. Buckets are cut at local midnight in the asked time
 * zone by PostgreSQL (`at time zone`), so a day across a DST change has 23 or 25 hours.
 */

export {
	metricsIntervals,
	type Metrics,
	type MetricsInterval,
	type MetricsPoint,
	type MetricsQuery,
	type SubscriptionMetrics
} from '../../admin/metrics-types.js';

type Row = Record<string, unknown>;
/** Counts and sums come back as strings (bigint, numeric) from both drivers. */
const num = (value: unknown) => Number(value ?? 0);

/** The period's bounds as instants: local midnight of `from` up to local midnight after `to`. */
function bounds({ from, to, timeZone }: MetricsQuery): SQL {
	return sql`select (${from}::date::timestamp at time zone ${timeZone}) as start_at,
		((${to}::date + 1)::timestamp at time zone ${timeZone}) as end_at`;
}

/**
 * Orders counted as sales: paid (or paid then refunded) in the period, in the shop's currency.
 * Currencies are stored lower-case (Stripe's form), compared as they are so the planner can use
 * the column's statistics.
 */
const soldInPeriod = (currency: string) => sql`o.paid_at >= b.start_at and o.paid_at < b.end_at
	and o.status in ('paid', 'refunded') and o.currency = ${currency}`;

async function series(db: Db, query: MetricsQuery, currency: string): Promise<MetricsPoint[]> {
	const { from, to, interval, timeZone } = query;
	const rows = await queryRows<Row>(
		db,
		sql`with b as (${bounds(query)}),
		buckets as (
			select generate_series(date_trunc(${interval}, ${from}::date::timestamp),
				${to}::date::timestamp, ('1 ' || ${interval})::interval) as bucket
		),
		sales as (
			select date_trunc(${interval}, o.paid_at at time zone ${timeZone}) as bucket,
				count(*) as orders, sum(o.amount) as gross
			from orders o cross join b where ${soldInPeriod(currency)}
			group by 1
		),
		returned as (
			select date_trunc(${interval}, r.created_at at time zone ${timeZone}) as bucket,
				sum(r.amount) as refunds
			from refunds r cross join b
			where r.created_at >= b.start_at and r.created_at < b.end_at and r.currency = ${currency}
			group by 1
		)
		select to_char(greatest(k.bucket, ${from}::date::timestamp), 'YYYY-MM-DD') as start,
			s.gross, s.orders, f.refunds
		from buckets k
		left join sales s on s.bucket = k.bucket
		left join returned f on f.bucket = k.bucket
		order by k.bucket`
	);
	return rows.map((row) => {
		const gross = num(row.gross);
		const refunds = num(row.refunds);
		return {
			start: String(row.start),
			gross,
			refunds,
			net: gross - refunds,
			orders: num(row.orders)
		};
	});
}

/** Every catalog SKU with its product, as a VALUES list the statement joins on. */
const skuProducts = sql.join(
	catalog.products.flatMap((product) =>
		product.prices.map((price) => sql`(${price.sku}::text, ${product.id}::text)`)
	),
	sql`, `
);

/**
 * Sales per catalog product (an SKU outside the catalog stands for itself). A refund is spread
 * over its order's lines in proportion to their amounts, and counted on its own date.
 */
async function byProduct(db: Db, query: MetricsQuery, currency: string) {
	const rows = await queryRows<Row>(
		db,
		sql`with b as (${bounds(query)}),
		skus(sku, product_id) as (values ${skuProducts}),
		sold as (
			select coalesce(m.product_id, i.sku) as product_id, count(distinct o.id) as orders,
				sum(i.unit_amount * i.quantity) as gross
			from orders o join order_items i on i.order_id = o.id
			left join skus m on m.sku = i.sku
			cross join b where ${soldInPeriod(currency)}
			group by 1
		),
		returned as (
			select coalesce(m.product_id, i.sku) as product_id,
				round(sum(r.amount::numeric * i.unit_amount * i.quantity / nullif(o.amount, 0))) as refunds
			from refunds r join orders o on o.id = r.order_id join order_items i on i.order_id = o.id
			left join skus m on m.sku = i.sku
			cross join b
			where r.created_at >= b.start_at and r.created_at < b.end_at and r.currency = ${currency}
			group by 1
		)
		select coalesce(s.product_id, f.product_id) as product_id, s.orders, s.gross, f.refunds
		from sold s full join returned f on f.product_id = s.product_id
		order by coalesce(s.gross, 0) desc, 1`
	);
	return rows.map((row) => ({
		productId: String(row.product_id),
		orders: num(row.orders),
		gross: num(row.gross),
		net: num(row.gross) - num(row.refunds)
	}));
}

async function bySource(db: Db, query: MetricsQuery, currency: string) {
	const rows = await queryRows<Row>(
		db,
		sql`with b as (${bounds(query)})
		select o.source, count(*) as orders, sum(o.amount) as gross
		from orders o cross join b where ${soldInPeriod(currency)}
		group by o.source order by gross desc, o.source`
	);
	return rows.map((row) => ({
		source: String(row.source),
		orders: num(row.orders),
		gross: num(row.gross)
	}));
}

const paying = sql.join(
	PAYING_STATUSES.map((status) => sql`${status}::text`),
	sql`, `
);

/**
 * Subscription figures from the MRR history up to the period's end, in one pass of sums: each row
 * carries its delta, the customer's MRR before and after it and its movement (classified when it
 * was written), so a count at a date is the sum of what the rows before it changed.
 */
async function subscriptionMetrics(
	db: Db,
	query: MetricsQuery,
	currency: string
): Promise<SubscriptionMetrics> {
	const isPaying = (column: SQL) => sql`(coalesce(${column} in (${paying}), false))::int`;
	const isTrialing = (column: SQL) => sql`(coalesce(${column} = 'trialing', false))::int`;
	const [row = {}] = await queryRows<Row>(
		db,
		sql`with b as (${bounds(query)})
		select sum(c.delta) as mrr,
			sum(${isPaying(sql`c.status`)} - ${isPaying(sql`c.previous_status`)}) as active,
			sum(${isTrialing(sql`c.status`)} - ${isTrialing(sql`c.previous_status`)}) as trialing,
			sum(c.delta) filter (where c.changed_at >= b.start_at and c.movement = 'new') as new_mrr,
			sum(c.delta) filter (where c.changed_at >= b.start_at and c.movement = 'expansion') as expansion_mrr,
			sum(c.delta) filter (where c.changed_at >= b.start_at and c.movement = 'contraction') as contraction_mrr,
			sum(c.delta) filter (where c.changed_at >= b.start_at and c.movement = 'churn') as churned_mrr,
			sum(c.delta) filter (where c.changed_at >= b.start_at and c.movement = 'reactivation') as reactivation_mrr,
			sum((c.customer_mrr_after > 0)::int - (c.customer_mrr_before > 0)::int)
				filter (where c.changed_at < b.start_at) as customers_at_start,
			count(distinct c.customer_id)
				filter (where c.changed_at >= b.start_at and c.movement = 'churn') as customers_lost,
			count(*) filter (where c.changed_at >= b.start_at and c.previous_status = 'trialing'
				and c.status <> 'trialing') as trials_ended,
			count(*) filter (where c.changed_at >= b.start_at and c.previous_status = 'trialing'
				and c.status = 'active') as trials_converted
		from subscription_mrr_changes c cross join b
		where c.changed_at < b.end_at and c.currency = ${currency}`
	);
	const mrr = num(row.mrr);
	const ratio = (part: unknown, whole: unknown) =>
		num(whole) > 0 ? Math.round((num(part) / num(whole)) * 10_000) / 10_000 : null;
	return {
		mrr,
		arr: mrr * 12,
		active: num(row.active),
		trialing: num(row.trialing),
		newMrr: num(row.new_mrr),
		expansionMrr: num(row.expansion_mrr),
		contractionMrr: num(row.contraction_mrr),
		churnedMrr: num(row.churned_mrr),
		reactivationMrr: num(row.reactivation_mrr),
		churnRate: ratio(row.customers_lost, row.customers_at_start),
		trialConversion: ratio(row.trials_converted, row.trials_ended)
	};
}

/**
 * The figures of a period in the shop's catalog currency. Sales and refunds in another currency
 * are left out (never converted at a guessed rate); `otherCurrencyOrders` says how many.
 * @example await computeMetrics(db, { from: '2026-11-01', to: '2026-11-30', interval: 'day', timeZone: 'UTC' })
 */
export async function computeMetrics(db: Db, query: MetricsQuery): Promise<Metrics> {
	const currency = SHOP_CURRENCY;
	const [points, products, sources, subscriptions] = await Promise.all([
		series(db, query, currency),
		byProduct(db, query, currency),
		bySource(db, query, currency),
		subscriptionMetrics(db, query, currency)
	]);
	const gross = points.reduce((sum, point) => sum + point.gross, 0);
	const refunds = points.reduce((sum, point) => sum + point.refunds, 0);
	const orders = points.reduce((sum, point) => sum + point.orders, 0);
	return {
		currency,
		totals: {
			gross,
			refunds,
			net: gross - refunds,
			orders,
			aov: orders > 0 ? Math.round(gross / orders) : 0
		},
		series: points,
		byProduct: products,
		bySource: sources,
		subscriptions
	};
}
