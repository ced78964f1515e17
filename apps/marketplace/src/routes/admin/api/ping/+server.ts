import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** `GET /admin/api/ping`: who the admin API sees (a session's email or `api-token`). For scripts. */
export const GET: RequestHandler = ({ locals }) =>
	json({ actor: locals.admin?.actor }, { headers: { 'cache-control': 'no-store' } });
