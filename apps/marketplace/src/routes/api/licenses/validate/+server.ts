import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { validateLicenseKey } from '$lib/server/licenses';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

const bodySchema = z.object({ key: z.string().min(1).max(100) });

/** `POST /api/licenses/validate` with `{ key }`: `{ status: 'valid' | 'revoked' | 'unknown' }`. */
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const { database, rateLimits } = await getServices();
	const limited = await rateLimited(rateLimits.licenses, getClientAddress());
	if (limited) return limited;
	const body = bodySchema.safeParse(await request.json().catch(() => undefined));
	if (!body.success) {
		return json(
			{ error: { code: 'invalid_body', message: 'Send { "key": "NOBS-…" } as JSON.' } },
			{ status: 400 }
		);
	}
	return json(await validateLicenseKey(database.db, body.data.key));
};
