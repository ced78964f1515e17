import { redirect } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a link scanner or a prefetch must not sign anyone out).
export const load: PageServerLoad = () => redirect(303, '/account');

export const actions: Actions = {
	default: async ({ request }) => {
		const { auth } = await getServices();
		// Better Auth deletes the session row; its SvelteKit cookie plugin clears the cookie.
		await auth.api.signOut({ headers: request.headers });
		redirect(303, '/');
	}
};
