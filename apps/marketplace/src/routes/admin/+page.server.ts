import { milestoneOptions } from '$lib/server/admin/health-service';
import { computeMetrics } from '$lib/server/admin/metrics';
import { parseMetricsQuery } from '$lib/server/admin/metrics-query';
import { milestoneProgress } from '$lib/server/admin/milestones';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Every IANA zone the runtime knows, for the time-zone control. */
const timeZones = Intl.supportedValuesOf('timeZone');

/**
 * The dashboard: the figures of `/admin/api/metrics` for the filters in the URL (a GET form, so
 * it works without JavaScript). Bad filters are shown beside their fields and the default
 * period is displayed meanwhile.
 */
export const load: PageServerLoad = async ({ url }) => {
	const services = await getServices();
	const { config, database } = services;
	const defaults = { timeZone: config.timeZone };
	const parsed = parseMetricsQuery(url.searchParams, defaults);
	const fallback = parseMetricsQuery(new URLSearchParams(), defaults);
	if (!fallback.success) throw new Error('The default metrics period is invalid.');
	const query = parsed.success ? parsed.query : fallback.query;
	const params = new URLSearchParams({
		from: query.from,
		to: query.to,
		interval: query.interval,
		tz: query.timeZone
	});
	return {
		query,
		issues: parsed.success ? [] : parsed.issues,
		metrics: await computeMetrics(database.db, query),
		milestones: await milestoneProgress(database.db, milestoneOptions(services)),
		timeZones: timeZones.includes(query.timeZone) ? timeZones : [query.timeZone, ...timeZones],
		exports: {
			series: `/admin/api/metrics.csv?${params}`,
			orders: `/admin/api/orders.csv?${params}`,
			json: `/admin/api/metrics?${params}`
		}
	};
};
