import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { magicLink } from 'better-auth/plugins/magic-link';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { authAccount, authSession, authUser, authVerification } from '../db/schema.js';
import { queueMessage } from '../email.js';
import type { OutboxKey } from '../outbox-cipher.js';
import { newId } from '../tokens.js';
import { accountMail } from './account-mail.js';

/** Where Better Auth answers (the magic link's verify URL lives under it). */
export const AUTH_BASE_PATH = '/api/auth';

/** How long a magic link works, in seconds. */
export const MAGIC_LINK_SECONDS = 5 * 60;

export interface CreateAuthOptions {
	db: Db;
	/** The app's public origin: magic links point at it, and it is the only trusted origin. */
	origin: string;
	/** AUTH_SECRET; unset, one is derived from the outbox key (kept out of the database too). */
	secret: string | undefined;
	outboxKey: OutboxKey;
	/** Called after a sign-in link was queued, e.g. to send the outbox at once. */
	onQueued?: () => Promise<void>;
	/** More Better Auth plugins (SvelteKit's cookie plugin, which needs `$app/server`). */
	plugins?: BetterAuthPlugin[];
}

const inviteMetadata = z.object({ inviter: z.email() });

/**
 * Sign-in by emailed magic link through Better Auth: users, sessions and the (hashed) link tokens
 * live in the app's database through its drizzle adapter; the link is mailed through the outbox,
 * so the development mailbox shows it in sandbox mode.
 * @example const auth = createAuth({ db, origin: config.origin, secret: config.authSecret, outboxKey });
 */
export function createAuth(options: CreateAuthOptions) {
	const { db, origin, outboxKey } = options;
	const secret =
		options.secret ?? createHmac('sha256', outboxKey).update('better-auth').digest('base64url');
	return betterAuth({
		appName: 'NOBS Pay',
		baseURL: origin,
		basePath: AUTH_BASE_PATH,
		secret,
		trustedOrigins: [origin],
		// Links are asked for through /sign-in and the team page (rate-limited per IP, invitations
		// written by the server); Better Auth's own HTTP route would bypass both.
		disabledPaths: ['/sign-in/magic-link'],
		database: drizzleAdapter(db, {
			provider: 'pg',
			schema: {
				user: authUser,
				session: authSession,
				account: authAccount,
				verification: authVerification
			}
		}),
		session: { expiresIn: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
		plugins: [
			magicLink({
				expiresIn: MAGIC_LINK_SECONDS,
				// The token is a bearer secret for five minutes: the database keeps its hash only.
				storeToken: 'hashed',
				sendMagicLink: async ({ email, url, metadata }) => {
					const invite = inviteMetadata.safeParse(metadata);
					await queueMessage(db, {
						// Every link is its own cause: asking twice sends two links.
						cause: newId('sign_in'),
						kind: invite.success ? 'invite' : 'sign-in',
						to: email,
						content: invite.success
							? accountMail.invite(invite.data.inviter, url)
							: accountMail.signIn(url),
						outboxKey
					});
					await options.onQueued?.();
				}
			}),
			...(options.plugins ?? [])
		]
	});
}

export type Auth = ReturnType<typeof createAuth>;
