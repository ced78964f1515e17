import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '$lib/server/accounts/guard';
import {
	inviteMember,
	inviteSchema,
	listMembers,
	MAX_TEAM_MEMBERS,
	removeMember
} from '$lib/server/accounts/team';
import { rateLimited } from '$lib/server/rate-limit';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** The team page is the owner's: a member's account is someone else's. */
function requireOwner(locals: App.Locals, url: URL) {
	const { user, accountId } = requireUser(locals, url);
	if (accountId !== user.id) error(403, 'Only the team owner manages its members.');
	return user;
}

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const owner = requireOwner(locals, url);
	const { database } = await getServices();
	return { members: await listMembers(database.db, owner.id), max: MAX_TEAM_MEMBERS };
};

const refusals = {
	'team-plan-required': 'Inviting members needs an active Team API plan.',
	'team-full': `A team has at most ${MAX_TEAM_MEMBERS} members besides you.`,
	self: 'You are already the owner of this team.'
} as const;

export const actions: Actions = {
	invite: async ({ locals, url, request, getClientAddress }) => {
		const owner = requireOwner(locals, url);
		const form = Object.fromEntries(await request.formData());
		const parsed = inviteSchema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { email: String(form.email ?? ''), error: 'Enter a valid email address.' });
		}
		const { database, auth, rateLimits } = await getServices();
		if (await rateLimited(rateLimits.signIn, getClientAddress())) {
			return fail(429, {
				email: parsed.data.email,
				error: 'Too many invitations sent. Wait a minute and try again.'
			});
		}
		const result = await inviteMember(database.db, { owner, email: parsed.data.email });
		if (result.outcome !== 'invited' && result.outcome !== 'already-invited') {
			return fail(409, { email: parsed.data.email, error: refusals[result.outcome] });
		}
		// The invitation is a magic link to /account, where the signed-in member accepts or declines it.
		await auth.api.signInMagicLink({
			body: { email: result.email, callbackURL: '/account', metadata: { inviter: owner.email } },
			headers: request.headers
		});
		return { invited: result.email };
	},
	remove: async ({ locals, url, request }) => {
		const owner = requireOwner(locals, url);
		const parsed = z
			.object({ member: z.coerce.number().int().positive() })
			.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: 'No such member.' });
		const { database } = await getServices();
		const members = await listMembers(database.db, owner.id);
		const member = members.find((candidate) => candidate.id === parsed.data.member);
		if (!member) return fail(404, { error: 'No such member.' });
		await removeMember(database.db, { accountId: owner.id, memberId: member.id });
		return {
			removed: member.acceptedAt
				? `${member.email} is no longer a member.`
				: `The invitation of ${member.email} is revoked.`
		};
	}
};
