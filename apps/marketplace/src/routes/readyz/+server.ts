import { isAdminCaller } from '$lib/server/admin/access';
import { readinessResponse } from '$lib/server/admin/health';
import { healthChecks } from '$lib/server/admin/health-service';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * `GET /readyz`: readiness (database, Stripe, Redis when configured, the outbox and the webhook
 * backlog), 200 or 503. Everyone gets the verdict per check; admins (signed in, or
 * `Authorization: Bearer <ADMIN_API_TOKEN>`) also get the details, figures and timings.
 */
export const GET: RequestHandler = async ({ request, locals }) => {
	const services = await getServices();
	const report = await healthChecks(services).run();
	return readinessResponse(report, {
		full: isAdminCaller(request, locals.user, services.config)
	});
};
