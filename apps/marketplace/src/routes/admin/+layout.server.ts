import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

// The server hook has already refused everyone else (see $lib/server/admin/access.ts); this check
// only makes sure a page never renders without an admin, should the hook ever change.
export const load: LayoutServerLoad = ({ locals }) => {
	if (!locals.admin) error(403, 'Admins only.');
	return { admin: locals.admin };
};
