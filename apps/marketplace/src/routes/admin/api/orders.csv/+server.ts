import { csvResponse, ordersCsv } from '$lib/server/admin/metrics-csv';
import { withMetricsQuery } from '$lib/server/admin/metrics-query';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** `GET /admin/api/orders.csv`: the orders paid in the period (same filters as the metrics), as CSV. */
export const GET: RequestHandler = async ({ url }) => {
	const { config, database } = await getServices();
	return withMetricsQuery(url, config, async (query) =>
		csvResponse(`orders-${query.from}-${query.to}.csv`, await ordersCsv(database.db, query))
	);
};
