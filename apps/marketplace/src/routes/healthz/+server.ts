import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * `GET /healthz`: liveness. The process answers; no database, Stripe or Redis is asked, so a
 * dependency's outage never makes an orchestrator restart healthy processes. `/readyz` checks them.
 */
export const GET: RequestHandler = () =>
	json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
