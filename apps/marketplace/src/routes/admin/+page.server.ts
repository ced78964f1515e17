import { milestoneOptions } from '$lib/server/admin/health-service';
import { milestoneProgress } from '$lib/server/admin/milestones';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const services = await getServices();
	return {
		milestones: await milestoneProgress(services.database.db, milestoneOptions(services))
	};
};
