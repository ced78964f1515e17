import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { storedText } from '$lib/server/api/schemas';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

// What `/account/api` sends: create a key, roll or revoke one of the account's keys.
const action = z.discriminatedUnion('action', [
	z.strictObject({
		action: z.literal('create'),
		name: storedText(100),
		expiresInDays: z.number().int().min(1).max(3650).nullable()
	}),
	z.strictObject({ action: z.literal('roll'), id: z.string().regex(/^key_[\w-]{1,40}$/) }),
	z.strictObject({ action: z.literal('revoke'), id: z.string().regex(/^key_[\w-]{1,40}$/) })
]);

/**
 * `POST /account/api/keys`: the signed-in account's key actions. JSON only, so a cross-site form
 * cannot post here (a JSON request from another origin needs a CORS preflight this app refuses).
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const accountId = locals.accountId;
	if (!accountId || !locals.user) error(401, 'Sign in first.');
	// Team members use the plan's keys; only the owner creates, rolls and revokes them.
	if (locals.user.id !== accountId) error(403, 'Only the team owner manages API keys.');
	if (!request.headers.get('content-type')?.startsWith('application/json')) {
		error(415, 'Send JSON.');
	}
	const parsed = action.safeParse(await request.json().catch(() => undefined));
	if (!parsed.success) error(400, z.prettifyError(parsed.error));
	const { api } = await getServices();
	const input = parsed.data;
	if (input.action === 'create') {
		if ((await api.keys.list(accountId)).length >= 50)
			error(409, 'At most 50 keys; revoke one first.');
		return json(await api.keys.create({ accountId, ...input }), { status: 201 });
	}
	if (input.action === 'roll') {
		const rolled = await api.keys.roll(accountId, input.id);
		if (!rolled) error(404, 'No such key.');
		return json(rolled);
	}
	if (!(await api.keys.revoke(accountId, input.id))) error(404, 'No such key.');
	return json({ revoked: input.id });
};
