import { computeMetrics } from '$lib/server/admin/metrics';
import { csvResponse, seriesCsv } from '$lib/server/admin/metrics-csv';
import { withMetricsQuery } from '$lib/server/admin/metrics-query';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** `GET /admin/api/metrics.csv`: the series of `/admin/api/metrics` with the same filters, as CSV. */
export const GET: RequestHandler = async ({ url }) => {
	const { config, database } = await getServices();
	return withMetricsQuery(url, config, async (query) =>
		csvResponse(
			`metrics-${query.from}-${query.to}-${query.interval}.csv`,
			seriesCsv(await computeMetrics(database.db, query))
		)
	);
};
