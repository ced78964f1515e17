import { computeMetrics } from '$lib/server/admin/metrics';
import { withMetricsQuery } from '$lib/server/admin/metrics-query';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * `GET /admin/api/metrics?from=YYYY-MM-DD&to=YYYY-MM-DD&interval=day|week|month&tz=Area/City`:
 * the dashboard's figures as JSON, amounts in minor units. Defaults: the last 30 days by day in
 * SHOP_TIME_ZONE. Access is decided by the server hook.
 */
export const GET: RequestHandler = async ({ url }) => {
	const { config, database } = await getServices();
	return withMetricsQuery(url, config, async (query) =>
		Response.json(await computeMetrics(database.db, query), {
			headers: { 'cache-control': 'no-store' }
		})
	);
};
