import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { authUser, teamMembers } from '../db/schema.js';
import { getEntitlement } from './entitlement.js';

/** Members a Team account may invite, besides its owner. */
export const MAX_TEAM_MEMBERS = 10;

/** The signed-in user as `locals.user` holds it. */
export interface AccountUser {
	id: string;
	email: string;
	name: string;
}

/** Statuses in which a plan is live: a Team plan still carries its members (as `inviteMember` requires). */
const LIVE = ['active', 'trialing', 'past_due'];

/** Whether the account's plan is live (of any kind). */
export async function ownsLivePlan(db: Db, accountId: string): Promise<boolean> {
	const entitlement = await getEntitlement(db, accountId);
	return entitlement !== null && LIVE.includes(entitlement.status);
}

/** Whether the owner's plan is a live Team plan, so its members still share it. */
export async function teamIsLive(db: Db, ownerId: string): Promise<boolean> {
	const entitlement = await getEntitlement(db, ownerId);
	return entitlement?.planId === 'api-team' && LIVE.includes(entitlement.status);
}

/**
 * The account whose plan a user uses: the owner's for a member who accepted an invitation
 * (`team-invitations.ts`) while the owner is on a live Team plan, else their own.
 */
export async function resolveAccountId(db: Db, user: AccountUser): Promise<string> {
	const [member] = await db
		.select({ accountId: teamMembers.accountId })
		.from(teamMembers)
		.where(eq(teamMembers.userId, user.id));
	// A downgraded or ended Team plan no longer carries its members: they use their own account.
	if (member && (await teamIsLive(db, member.accountId))) return member.accountId;
	return user.id;
}

export interface TeamMember {
	id: number;
	email: string;
	acceptedAt: Date | null;
}

export async function listMembers(db: Db, accountId: string): Promise<TeamMember[]> {
	return db
		.select({ id: teamMembers.id, email: teamMembers.email, acceptedAt: teamMembers.acceptedAt })
		.from(teamMembers)
		.where(eq(teamMembers.accountId, accountId))
		.orderBy(teamMembers.invitedAt);
}

export const inviteSchema = z.object({ email: z.email().max(254) });

export type InviteResult =
	| { outcome: 'invited' | 'already-invited'; email: string }
	| { outcome: 'team-plan-required' | 'team-full' | 'self' };

/**
 * Invites `email` to the owner's Team account (at most `MAX_TEAM_MEMBERS`). Only the owner calls
 * this: the caller checks that `owner.id` is the account. The invitation email is the caller's
 * (a magic link through Better Auth).
 */
export async function inviteMember(
	db: Db,
	input: { owner: AccountUser; email: string }
): Promise<InviteResult> {
	const email = inviteSchema.parse({ email: input.email }).email.toLowerCase();
	if (email === input.owner.email.toLowerCase()) return { outcome: 'self' };
	if (!(await teamIsLive(db, input.owner.id))) return { outcome: 'team-plan-required' };
	return db.transaction(async (tx) => {
		// Locks the owner's row so two invitations at once cannot pass the cap together.
		await tx
			.select({ id: authUser.id })
			.from(authUser)
			.where(eq(authUser.id, input.owner.id))
			.for('update');
		const [existing] = await tx
			.select({ id: teamMembers.id })
			.from(teamMembers)
			.where(and(eq(teamMembers.accountId, input.owner.id), eq(teamMembers.email, email)));
		if (existing) return { outcome: 'already-invited' as const, email };
		const [members] = await tx
			.select({ value: count() })
			.from(teamMembers)
			.where(eq(teamMembers.accountId, input.owner.id));
		if ((members?.value ?? 0) >= MAX_TEAM_MEMBERS) return { outcome: 'team-full' as const };
		await tx.insert(teamMembers).values({ accountId: input.owner.id, email });
		return { outcome: 'invited' as const, email };
	});
}

/** Removes a member, or revokes a pending invitation, of the owner's account. */
export async function removeMember(db: Db, input: { accountId: string; memberId: number }) {
	const removed = await db
		.delete(teamMembers)
		.where(and(eq(teamMembers.accountId, input.accountId), eq(teamMembers.id, input.memberId)))
		.returning({ id: teamMembers.id });
	return removed.length > 0;
}
