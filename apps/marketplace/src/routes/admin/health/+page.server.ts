import { healthChecks } from '$lib/server/admin/health-service';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

// The same checks as /readyz, in full: only admins reach this page (the server hook).
export const load: PageServerLoad = async () => ({
	report: await healthChecks(await getServices()).run()
});
