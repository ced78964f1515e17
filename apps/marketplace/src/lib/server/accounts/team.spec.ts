import { startSandbox, type Sandbox } from '@nobs-pay/sandbox';
import { syncSubscription } from '@nobs-pay/svelte/server';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { teamMembers } from '../db/schema.js';
import { accountHelpers, priceOf } from '../testing/accounts.js';
import { describeEachDriver } from '../testing/databases.js';
import { ensurePlanPrices, type PlanPrice } from './plan-prices.js';
import {
	acceptInvitation,
	declineInvitation,
	leaveTeam,
	membershipOf,
	pendingInvitations
} from './team-invitations.js';
import { inviteMember, MAX_TEAM_MEMBERS, removeMember, resolveAccountId } from './team.js';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	stripe = new Stripe(sandbox.secretKey, { ...sandbox.stripeConfig, maxNetworkRetries: 0 });
});
afterAll(async () => {
	await sandbox?.stop();
});

const { stores, newUser, payingAccount } = accountHelpers(() => stripe);

describeEachDriver('Team plans', (database) => {
	let prices: PlanPrice[];
	beforeAll(async () => {
		prices = await ensurePlanPrices(database().db, stripe);
	});

	/** An owner on a live Team plan, with what it takes to end it. */
	async function teamOwner(db: Db) {
		const { user: owner, customer } = await payingAccount(db);
		const { customers, subscriptions: store } = stores(db);
		const team = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-team-monthly') }]
		});
		await syncSubscription({ stripe, store, customers, subscription: team.id });
		const end = async () => {
			await stripe.subscriptions.cancel(team.id);
			await syncSubscription({ stripe, store, customers, subscription: team.id });
		};
		return { owner, end };
	}

	it('lets a Team owner invite up to ten members, who use the owner account once they accept', async () => {
		const { db } = database();
		const { user: solo } = await payingAccount(db);
		expect(await inviteMember(db, { owner: solo, email: 'a@example.com' })).toEqual({
			outcome: 'team-plan-required'
		});
		const { owner, end } = await teamOwner(db);

		const emails = Array.from(
			{ length: MAX_TEAM_MEMBERS + 1 },
			() => `${crypto.randomUUID()}@example.com`
		);
		const results = await Promise.all(emails.map((email) => inviteMember(db, { owner, email })));
		expect(results.filter((result) => result.outcome === 'invited')).toHaveLength(MAX_TEAM_MEMBERS);
		expect(results.filter((result) => result.outcome === 'team-full')).toHaveLength(1);
		expect(await inviteMember(db, { owner, email: owner.email.toUpperCase() })).toEqual({
			outcome: 'self'
		});

		const [first, second] = results.flatMap((result) => ('email' in result ? [result.email] : []));
		const member = await newUser(db, first!.toUpperCase());
		// Signing in accepts nothing: the invitation waits for the member's click.
		expect(await resolveAccountId(db, member)).toBe(member.id);
		const [invitation] = await pendingInvitations(db, member);
		expect(invitation).toMatchObject({ owner: owner.email });
		const stranger = await newUser(db);
		expect(await acceptInvitation(db, { user: stranger, invitationId: invitation!.id })).toBe(
			'not-found'
		);
		expect(await pendingInvitations(db, stranger)).toEqual([]);
		const clicks = await Promise.all([
			acceptInvitation(db, { user: member, invitationId: invitation!.id }),
			acceptInvitation(db, { user: member, invitationId: invitation!.id })
		]);
		expect(clicks.filter((click) => click === 'accepted')).toHaveLength(1);
		expect(await resolveAccountId(db, member)).toBe(owner.id);
		expect(await pendingInvitations(db, member)).toEqual([]);
		expect(await resolveAccountId(db, stranger)).toBe(stranger.id);

		// The Team plan ends: its members use their own accounts again, and a pending invitation
		// of the ended team is neither listed nor accepted.
		await end();
		expect(await resolveAccountId(db, member)).toBe(member.id);
		expect(await membershipOf(db, member.id)).toMatchObject({ owner: owner.email, live: false });
		const late = await newUser(db, second!);
		expect(await pendingInvitations(db, late)).toEqual([]);
		const [lateInvitation] = await db
			.select({ id: teamMembers.id })
			.from(teamMembers)
			.where(eq(teamMembers.email, second!));
		expect(await acceptInvitation(db, { user: late, invitationId: lateInvitation!.id })).toBe(
			'team-ended'
		);
	});

	it('lets an invitee decline, a member leave, and the owner revoke an invitation or remove a member', async () => {
		const { db } = database();
		const { owner } = await teamOwner(db);
		const [declining, leaving, revoked, removed] = await Promise.all(
			Array.from({ length: 4 }, () => newUser(db))
		);
		const { user: paying, customer } = await payingAccount(db);
		for (const user of [declining, leaving, revoked, removed, paying])
			await inviteMember(db, { owner, email: user!.email });
		const invitationOf = async (user: { id: string; email: string; name: string }) =>
			(await pendingInvitations(db, user))[0]!.id;

		expect(
			await declineInvitation(db, {
				user: declining!,
				invitationId: await invitationOf(declining!)
			})
		).toBe(true);
		expect(await pendingInvitations(db, declining!)).toEqual([]);

		const leavingId = await invitationOf(leaving!);
		expect(await acceptInvitation(db, { user: leaving!, invitationId: leavingId })).toBe(
			'accepted'
		);
		expect(await leaveTeam(db, leaving!)).toBe(true);
		expect(await resolveAccountId(db, leaving!)).toBe(leaving!.id);
		expect(await leaveTeam(db, leaving!)).toBe(false);

		// Only the owner's account holds the invitation: another account cannot revoke it.
		const revokedId = await invitationOf(revoked!);
		expect(await removeMember(db, { accountId: revoked!.id, memberId: revokedId })).toBe(false);
		expect(await removeMember(db, { accountId: owner.id, memberId: revokedId })).toBe(true);
		expect(await acceptInvitation(db, { user: revoked!, invitationId: revokedId })).toBe(
			'not-found'
		);

		const removedId = await invitationOf(removed!);
		await acceptInvitation(db, { user: removed!, invitationId: removedId });
		expect(await resolveAccountId(db, removed!)).toBe(owner.id);
		expect(await removeMember(db, { accountId: owner.id, memberId: removedId })).toBe(true);
		expect(await resolveAccountId(db, removed!)).toBe(removed!.id);

		// Someone paying for a plan of their own keeps it rather than disappear into the team.
		const { customers, subscriptions: store } = stores(db);
		const pro = await stripe.subscriptions.create({
			customer,
			items: [{ price: priceOf(prices, 'api-pro-monthly') }]
		});
		await syncSubscription({ stripe, store, customers, subscription: pro.id });
		expect(
			await acceptInvitation(db, { user: paying, invitationId: await invitationOf(paying) })
		).toBe('own-plan');
		expect(await resolveAccountId(db, paying)).toBe(paying.id);
	});
});
