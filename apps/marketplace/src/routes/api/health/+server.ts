import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** `GET /api/health`: the process answers. For load balancers, and the API benchmark's baseline. */
export const GET: RequestHandler = () =>
	json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
