import { HttpError, readJson } from '@nobs-pay/svelte/server';
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { subscribeUrl } from '$lib/server/accounts/subscribe-endpoint';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

const body = z.object({
	items: z.tuple([z.object({ sku: z.string().regex(/^[a-z0-9-]{1,64}$/), quantity: z.literal(1) })])
});

/**
 * `POST /api/subscribe` with `{ items: [{ sku, quantity: 1 }] }` (what the plans table sends):
 * `{ url }` of the hosted Checkout Session for the signed-in account's one customer, or of the
 * sign-in page that comes back to subscribe.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	let raw: unknown;
	try {
		raw = await readJson(request);
	} catch (cause) {
		if (cause instanceof HttpError) return cause.toResponse();
		throw cause;
	}
	const parsed = body.safeParse(raw);
	if (!parsed.success) {
		return json(
			{ error: { code: 'invalid_body', message: 'Send { items: [{ sku, quantity: 1 }] }.' } },
			{ status: 400 }
		);
	}
	const services = await getServices();
	const limited = locals.user && (await rateLimited(services.rateLimits.account, locals.user.id));
	if (limited) return limited;
	try {
		return json({ url: await subscribeUrl(services, { locals, sku: parsed.data.items[0].sku }) });
	} catch (cause) {
		if ((cause as { status?: number }).status === 404) {
			return json({ error: { code: 'unknown_plan', message: 'No such plan.' } }, { status: 404 });
		}
		console.error('Starting the subscription failed:', cause);
		return json(
			{ error: { code: 'provider_error', message: 'The subscription could not be started.' } },
			{ status: 502 }
		);
	}
};
