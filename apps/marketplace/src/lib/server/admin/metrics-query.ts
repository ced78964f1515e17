import { z } from 'zod';
import { metricsIntervals, type MetricsQuery } from './metrics.js';
import { addDays, dayNumber, isTimeZone, localDate } from './metrics-time-zone.js';

/**
 * The dashboard's filters as the URL carries them (`from`, `to`, `interval`, `tz`), shared by
 * the page, `GET /admin/api/metrics` and the CSV exports, so they answer the same question.
 */

/** The longest period asked at once: two years and a day (a leap year). */
export const MAX_RANGE_DAYS = 731;
/** Days in the default period, ending today. */
export const DEFAULT_RANGE_DAYS = 30;

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date as YYYY-MM-DD.', abort: true })
	.refine((value) => !Number.isNaN(dayNumber(value)) && addDays(value, 0) === value, {
		message: 'Not a calendar date.',
		abort: true
	});

export interface MetricsQueryDefaults {
	/** The shop's time zone (SHOP_TIME_ZONE), used when `tz` is absent and to find today. */
	timeZone: string;
	now?: Date;
}

export type MetricsQueryResult =
	| { success: true; query: MetricsQuery }
	| { success: false; issues: { field: string; message: string }[] };

/**
 * Reads and checks the filters; absent ones default to the last 30 days by day in the shop's
 * time zone. Refuses an unknown time zone, `from` after `to`, and periods over two years.
 * @example parseMetricsQuery(url.searchParams, { timeZone: config.timeZone })
 */
export function parseMetricsQuery(
	params: URLSearchParams,
	defaults: MetricsQueryDefaults
): MetricsQueryResult {
	const timeZoneGiven = params.get('tz') || undefined;
	const today = localDate(
		timeZoneGiven && isTimeZone(timeZoneGiven) ? timeZoneGiven : defaults.timeZone,
		defaults.now
	);
	const schema = z
		.object({
			from: isoDate.default(addDays(today, 1 - DEFAULT_RANGE_DAYS)),
			to: isoDate.default(today),
			interval: z.enum(metricsIntervals).default('day'),
			tz: z.string().refine(isTimeZone, 'Not a known IANA time zone.').default(defaults.timeZone)
		})
		.refine(({ from, to }) => from <= to, { path: ['from'], message: 'Must not be after `to`.' })
		.refine(({ from, to }) => dayNumber(to) - dayNumber(from) < MAX_RANGE_DAYS, {
			path: ['to'],
			message: `The period is at most ${MAX_RANGE_DAYS} days.`
		});
	const input = Object.fromEntries(
		['from', 'to', 'interval', 'tz'].flatMap((key) => {
			const value = params.get(key);
			return value ? [[key, value]] : [];
		})
	);
	const result = schema.safeParse(input);
	if (!result.success) {
		return {
			success: false,
			issues: result.error.issues.map((issue) => ({
				field: issue.path.join('.'),
				message: issue.message
			}))
		};
	}
	const { from, to, interval, tz } = result.data;
	return { success: true, query: { from, to, interval, timeZone: tz } };
}

/** The 400 answer of the admin API to bad filters, naming each field. */
export function invalidQuery(issues: { field: string; message: string }[]): Response {
	return Response.json(
		{ error: 'invalid_query', issues },
		{ status: 400, headers: { 'cache-control': 'no-store' } }
	);
}

/**
 * Runs `answer` on the request's filters, or answers 400. A zone the runtime knows but PostgreSQL
 * does not (their zone databases can differ) is a 400 too, not a 500.
 */
export async function withMetricsQuery(
	url: URL,
	defaults: MetricsQueryDefaults,
	answer: (query: MetricsQuery) => Promise<Response>
): Promise<Response> {
	const parsed = parseMetricsQuery(url.searchParams, defaults);
	if (!parsed.success) return invalidQuery(parsed.issues);
	try {
		return await answer(parsed.query);
	} catch (error) {
		if (isUnknownTimeZone(error)) {
			return invalidQuery([{ field: 'tz', message: 'Not a time zone the database knows.' }]);
		}
		throw error;
	}
}

/** PostgreSQL's "time zone … not recognized" (SQLSTATE 22023), whichever the driver. */
function isUnknownTimeZone(error: unknown): boolean {
	for (let cause = error; cause instanceof Error; cause = cause.cause) {
		if (/time zone .* not recognized/i.test(cause.message)) return true;
	}
	return false;
}
