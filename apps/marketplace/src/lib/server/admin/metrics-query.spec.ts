import { describe, expect, it } from 'vitest';
import { parseMetricsQuery } from './metrics-query.js';
import { isTimeZone } from './metrics-time-zone.js';

const params = (query: Record<string, string>) => new URLSearchParams(query);
// 23:30 UTC on 30 November is already 1 December in Paris.
const defaults = { timeZone: 'Europe/Paris', now: new Date('2026-11-30T23:30:00Z') };
const fieldsOf = (result: ReturnType<typeof parseMetricsQuery>) =>
	result.success ? [] : result.issues.map((issue) => issue.field);

describe('parseMetricsQuery', () => {
	it('defaults to the last 30 days by day, ending today in the shop time zone', () => {
		expect(parseMetricsQuery(params({}), defaults)).toEqual({
			success: true,
			query: { from: '2026-11-02', to: '2026-12-01', interval: 'day', timeZone: 'Europe/Paris' }
		});
	});

	it('takes today in the asked time zone when one is given', () => {
		const result = parseMetricsQuery(params({ tz: 'America/New_York' }), defaults);
		expect(result).toMatchObject({ query: { to: '2026-11-30', timeZone: 'America/New_York' } });
	});

	it('keeps given filters', () => {
		const result = parseMetricsQuery(
			params({ from: '2026-01-01', to: '2026-03-31', interval: 'month', tz: 'Asia/Tokyo' }),
			defaults
		);
		expect(result).toEqual({
			success: true,
			query: { from: '2026-01-01', to: '2026-03-31', interval: 'month', timeZone: 'Asia/Tokyo' }
		});
	});

	it('names the field of each bad filter', () => {
		expect(fieldsOf(parseMetricsQuery(params({ from: '2026-02-30' }), defaults))).toEqual(['from']);
		expect(fieldsOf(parseMetricsQuery(params({ to: 'x' }), defaults))).toEqual(['to']);
		expect(fieldsOf(parseMetricsQuery(params({ interval: 'year' }), defaults))).toEqual([
			'interval'
		]);
		expect(fieldsOf(parseMetricsQuery(params({ tz: 'Mars/Olympus' }), defaults))).toEqual(['tz']);
	});

	it('refuses `from` after `to` and periods over two years', () => {
		const reversed = parseMetricsQuery(params({ from: '2026-03-02', to: '2026-03-01' }), defaults);
		expect(fieldsOf(reversed)).toEqual(['from']);
		const long = parseMetricsQuery(params({ from: '2024-01-01', to: '2026-01-01' }), defaults);
		expect(fieldsOf(long)).toEqual(['to']);
		const longest = parseMetricsQuery(params({ from: '2024-01-01', to: '2025-12-31' }), defaults);
		expect(longest.success).toBe(true);
	});
});

describe('isTimeZone', () => {
	it('accepts IANA names and refuses offsets, abbreviations and junk', () => {
		expect(
			['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5'].map(isTimeZone)
		).toEqual([true, true, true, true]);
		expect(['+02:00', 'CEST', 'Europe/Nowhere', "Europe/Paris'; drop", ''].map(isTimeZone)).toEqual(
			[false, false, false, false, false]
		);
	});
});
