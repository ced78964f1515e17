import { error } from '@sveltejs/kit';
import { downloadStatus } from '$lib/server/downloads';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// same-origin, not no-referrer: under no-referrer the browser sends `Origin: null` with the
	// page's download form, which SvelteKit's CSRF check refuses. The token still never leaves
	// this site.
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
	const { database } = await getServices();
	const status = await downloadStatus(database.db, params.token);
	if (!status) error(404, 'This download link does not exist. Check that you copied all of it.');
	return { status, token: params.token };
};
