import { toDecimalString } from '@nobs-pay/svelte/server';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/index.js';
import type { Metrics, MetricsQuery } from './metrics.js';

/**
 * The CSV exports of the dashboard: the orders of a period and its series. Amounts are decimals
 * in the currency's major unit (what a spreadsheet sums), with the currency beside them.
 */

type Cell = string | number | null;

/**
 * One CSV cell (RFC 4180). Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with `'` so a spreadsheet shows it instead of running it as a formula (OWASP's CSV
 * injection advice); numbers, and text that is only a number, are written as they are.
 */
export function csvCell(value: Cell): string {
	if (value === null) return '';
	// A plain number (`-50.00` too) is data, never a formula.
	if (typeof value === 'number' || /^-?\d+(\.\d+)?$/.test(value)) return String(value);
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, CRLF line ends, the header first. */
export function toCsv(header: string[], rows: Cell[][]): string {
	return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A download response; the file name says what and when. */
export function csvResponse(name: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store'
		}
	});
}

const decimal = (amount: number, currency: string) => toDecimalString({ amount, currency });

/** The series of `metrics` as CSV: one line per bucket. */
export function seriesCsv(metrics: Metrics): string {
	return toCsv(
		['start', 'currency', 'gross', 'refunds', 'net', 'orders'],
		metrics.series.map((point) => [
			point.start,
			metrics.currency,
			decimal(point.gross, metrics.currency),
			decimal(point.refunds, metrics.currency),
			decimal(point.net, metrics.currency),
			point.orders
		])
	);
}

/**
 * Every order paid in the period (any currency, any source), oldest first, with what has been
 * refunded of it so far and its lines.
 */
export async function ordersCsv(db: Db, query: MetricsQuery): Promise<string> {
	const { from, to, timeZone } = query;
	const rows = await queryRows<Record<string, unknown>>(
		db,
		sql`with b as (
			select (${from}::date::timestamp at time zone ${timeZone}) as start_at,
				((${to}::date + 1)::timestamp at time zone ${timeZone}) as end_at
		)
		select o.id, to_char(o.paid_at at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI:SS') as paid_at,
			o.status, o.source, o.external_id, o.email, o.currency, o.amount,
			(select coalesce(sum(r.amount), 0) from refunds r where r.order_id = o.id) as refunded,
			(select string_agg(i.sku || ' x ' || i.quantity, '; ' order by i.line)
				from order_items i where i.order_id = o.id) as items
		from orders o cross join b
		where o.paid_at >= b.start_at and o.paid_at < b.end_at
		order by o.paid_at, o.id`
	);
	return toCsv(
		[
			'order_id',
			`paid_at (${timeZone})`,
			'status',
			'source',
			'external_id',
			'email',
			'currency',
			'amount',
			'refunded',
			'items'
		],
		rows.map((row) => {
			const currency = String(row.currency);
			return [
				String(row.id),
				String(row.paid_at),
				String(row.status),
				String(row.source),
				row.external_id === null ? null : String(row.external_id),
				String(row.email),
				currency.toUpperCase(),
				decimal(Number(row.amount), currency),
				decimal(Number(row.refunded), currency),
				row.items === null ? null : String(row.items)
			];
		})
	);
}
