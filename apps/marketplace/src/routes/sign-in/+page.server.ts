import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { safeNext } from '$lib/server/accounts/guard';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	return { next, sandbox: locals.sandbox, error: url.searchParams.get('error') };
};

const TOO_MANY = 'Too many sign-in links asked for. Wait a minute and try again.';

const signInForm = z.object({ email: z.email().max(254), next: z.string().max(2000).optional() });

export const actions: Actions = {
	default: async ({ request, url, getClientAddress }) => {
		const form = Object.fromEntries(await request.formData());
		const parsed = signInForm.safeParse(form);
		if (!parsed.success) {
			return fail(400, { email: String(form.email ?? ''), error: 'Enter a valid email address.' });
		}
		const { auth, rateLimits } = await getServices();
		// Each link is an email sent: a per-IP limit keeps the form from mailing anyone in bulk.
		if (await rateLimited(rateLimits.signIn, getClientAddress())) {
			return fail(429, { email: parsed.data.email, error: TOO_MANY });
		}
		const next = safeNext(parsed.data.next);
		try {
			await auth.api.signInMagicLink({
				body: {
					email: parsed.data.email,
					callbackURL: next,
					errorCallbackURL: `/sign-in?error=link&next=${encodeURIComponent(next)}`
				},
				headers: request.headers
			});
		} catch (error) {
			// Better Auth's own per-IP limit, or a database failure: say so, keep the address.
			const status = (error as { statusCode?: number }).statusCode;
			return fail(status === 429 ? 429 : 503, {
				email: parsed.data.email,
				error:
					status === 429 ? TOO_MANY : 'The sign-in link could not be sent. Try again in a moment.'
			});
		}
		return { sent: parsed.data.email, origin: url.origin };
	}
};
