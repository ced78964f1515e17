import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { authUser, teamMembers } from '../db/schema.js';
import { ownsLivePlan, teamIsLive, type AccountUser } from './team.js';

// The invitee's side of a team: the invitations sent to their (verified) address, which they
// accept or decline with a click, and the team they may leave. The owner's side is `team.ts`.

/** An invitation waiting for the user's answer. */
export interface PendingInvitation {
	id: number;
	/** The owner's email address: who invites. */
	owner: string;
	invitedAt: Date;
}

/** The team a user joined, whether or not its plan still carries them. */
export interface Membership {
	owner: string;
	acceptedAt: Date | null;
	/** False once the owner's Team plan ended: the user is back on their own account. */
	live: boolean;
}

export type AcceptOutcome = 'accepted' | 'not-found' | 'team-ended' | 'already-member' | 'own-plan';

const toThisUser = (user: AccountUser) =>
	and(eq(teamMembers.email, user.email.toLowerCase()), isNull(teamMembers.userId));

/** Invitations to the user's address from teams whose plan is live, oldest first. */
export async function pendingInvitations(db: Db, user: AccountUser): Promise<PendingInvitation[]> {
	const rows = await db
		.select({
			id: teamMembers.id,
			accountId: teamMembers.accountId,
			owner: authUser.email,
			invitedAt: teamMembers.invitedAt
		})
		.from(teamMembers)
		.innerJoin(authUser, eq(authUser.id, teamMembers.accountId))
		.where(toThisUser(user))
		.orderBy(asc(teamMembers.invitedAt));
	const live = await Promise.all(rows.map((row) => teamIsLive(db, row.accountId)));
	return rows
		.filter((_, i) => live[i])
		.map(({ id, owner, invitedAt }) => ({ id, owner, invitedAt }));
}

/** The team the user joined, or null. */
export async function membershipOf(db: Db, userId: string): Promise<Membership | null> {
	const [row] = await db
		.select({
			accountId: teamMembers.accountId,
			owner: authUser.email,
			acceptedAt: teamMembers.acceptedAt
		})
		.from(teamMembers)
		.innerJoin(authUser, eq(authUser.id, teamMembers.accountId))
		.where(eq(teamMembers.userId, userId));
	if (!row) return null;
	return {
		owner: row.owner,
		acceptedAt: row.acceptedAt,
		live: await teamIsLive(db, row.accountId)
	};
}

/**
 * Accepts an invitation sent to the user's address. Refused when the team's plan ended, when the
 * user already belongs to a team (one at a time, so their account is never ambiguous), and when
 * they pay for a live plan of their own (its keys and usage would be hidden behind the team's).
 */
export async function acceptInvitation(
	db: Db,
	input: { user: AccountUser; invitationId: number }
): Promise<AcceptOutcome> {
	const { user, invitationId } = input;
	const [invitation] = await db
		.select({ accountId: teamMembers.accountId })
		.from(teamMembers)
		.where(and(eq(teamMembers.id, invitationId), toThisUser(user)));
	if (!invitation) return 'not-found';
	if (!(await teamIsLive(db, invitation.accountId))) return 'team-ended';
	if (await membershipOf(db, user.id)) return 'already-member';
	if (await ownsLivePlan(db, user.id)) return 'own-plan';
	try {
		// Conditional, and unique on user_id: two clicks at once accept one invitation at most.
		const accepted = await db
			.update(teamMembers)
			.set({ userId: user.id, acceptedAt: new Date() })
			.where(and(eq(teamMembers.id, invitationId), toThisUser(user)))
			.returning({ id: teamMembers.id });
		return accepted.length > 0 ? 'accepted' : 'not-found';
	} catch (error) {
		// The unique user_id: another invitation of the user's was accepted in between.
		if (uniqueViolation(error)) return 'already-member';
		throw error;
	}
}

/** PostgreSQL's unique_violation, as postgres-js or PGlite report it (drizzle wraps it in `cause`). */
function uniqueViolation(error: unknown): boolean {
	const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
	return code === '23505' || cause?.code === '23505';
}

/** Declines (deletes) an invitation sent to the user's address; false when there is none. */
export async function declineInvitation(
	db: Db,
	input: { user: AccountUser; invitationId: number }
): Promise<boolean> {
	const deleted = await db
		.delete(teamMembers)
		.where(and(eq(teamMembers.id, input.invitationId), toThisUser(input.user)))
		.returning({ id: teamMembers.id });
	return deleted.length > 0;
}

/** The user leaves the team they joined; false when they belong to none. */
export async function leaveTeam(db: Db, user: AccountUser): Promise<boolean> {
	const deleted = await db
		.delete(teamMembers)
		.where(eq(teamMembers.userId, user.id))
		.returning({ id: teamMembers.id });
	return deleted.length > 0;
}
