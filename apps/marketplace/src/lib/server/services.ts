import { defineCatalog, type CustomerStore, type SubscriptionStore } from '@nobs-pay/svelte/server';
import { getRequestEvent } from '$app/server';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { createAuth, type Auth } from './accounts/auth.js';
import { backfillMrrHistory } from './admin/metrics-history.js';
import { drizzleCustomerStore, drizzleSubscriptionStore } from './accounts/billing-stores.js';
import { ensurePlanPrices, type PlanPrice } from './accounts/plan-prices.js';
import { subscriptionMail } from './accounts/subscription-mail.js';
import type Stripe from 'stripe';
import { catalog } from '../catalog.js';
import { createApiServices, type ApiServices } from './api/api-services.js';
import type { CustomerOf, Entitlement, EntitlementOf } from './api/types.js';
import { getEntitlement } from './accounts/entitlement.js';
import { authUser } from './db/schema.js';
import { eq } from 'drizzle-orm';
import { renderUsageAlert, type SendUsageAlert } from './api/usage-alerts.js';
import { readConfig, type Config } from './config.js';
import { openDatabase, type Database, type Db } from './db/index.js';
import { queueMessage, sendPending, transportFromEnv, type MailTransport } from './email.js';
import { loadOutboxKey, type OutboxKey } from './outbox-cipher.js';
import { createRateLimits, type RateLimits } from './rate-limit.js';
import { createStripe } from './stripe.js';

/** What the server side of the marketplace runs on, created once per process. */
export interface Services {
	config: Config;
	stripe: Stripe;
	database: Database;
	/** SMTP when `SMTP_URL` is set; otherwise mail stays in the outbox (see /dev/mail). */
	mail: MailTransport | undefined;
	/** Seals and opens mail bodies in the outbox (OUTBOX_KEY, or DATA_DIR/outbox.key). */
	outboxKey: OutboxKey;
	/** Per-IP limits of checkout and license validation (memory, or Redis with REDIS_URL). */
	rateLimits: RateLimits;
	/** Sign-in by magic link, sessions in the database (Better Auth). */
	auth: Auth;
	/** The library's billing stores on this database, and the plans' Stripe prices. */
	billing: {
		customers: CustomerStore;
		subscriptions: SubscriptionStore;
		/** Created at Stripe on first use (and retried after a failure), then kept. */
		planPrices(): Promise<PlanPrice[]>;
	};
	/** The License API (`/api/v1`): keys, usage, limits. */
	api: ApiServices;
	/** The account's plan (its subscription, or the sandbox's `API_DEV_PLAN`). */
	entitlementOf: EntitlementOf;
	/** The account's Stripe customer, which usage is recorded against. */
	customerOf: CustomerOf;
}

/**
 * Sandbox mode with `API_DEV_PLAN` only: the plan every account without a subscription gets, so the
 * API and its benchmark can be tried without subscribing first.
 */
function devPlan(config: Config, accountId: string): Entitlement | null {
	if (!config.apiDevPlan) return null;
	const now = new Date();
	return {
		accountId,
		planId: config.apiDevPlan,
		status: 'active',
		pastDueSince: null,
		currentPeriodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
		currentPeriodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
		cancelAtPeriodEnd: false,
		seats: 1
	};
}

/** The usage emails (80 % and 100 % of the quota), queued once per cause to the account owner. */
function sendUsageAlert(db: Db, config: Config, outboxKey: OutboxKey): SendUsageAlert {
	return async (alert) => {
		const [owner] = await db
			.select({ email: authUser.email })
			.from(authUser)
			.where(eq(authUser.id, alert.accountId));
		if (!owner) return;
		await queueMessage(db, {
			cause: `usage:${alert.accountId}:${alert.periodEnd.toISOString()}:${alert.percent}`,
			kind: 'usage_alert',
			to: owner.email,
			content: renderUsageAlert(alert, {
				usage: `${config.origin}/account/api`,
				plans: `${config.origin}/#plans`
			}),
			outboxKey
		});
	};
}

let services: Promise<Services> | undefined;

/**
 * The process's services: the database is opened and migrated on first use (the server hook
 * calls this at start-up). Not user state, so a module-level singleton is right here.
 */
export function getServices(): Promise<Services> {
	services ??= (async () => {
		// The catalog is validated here rather than in the browser; a bad price stops the start.
		defineCatalog(catalog);
		const config = readConfig();
		const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
		const stripe = createStripe(config);
		const mail = await transportFromEnv(config.smtpUrl);
		const outboxKey = loadOutboxKey({ configured: config.outboxKey, dataDir: config.dataDir });
		const db = database.db;
		await backfillMrrHistory(db);
		let prices: Promise<PlanPrice[]> | undefined;
		const rateLimits = await createRateLimits(config.rateLimits);
		const customers = drizzleCustomerStore(db);
		const entitlementOf: EntitlementOf = async (accountId) =>
			(await getEntitlement(db, accountId)) ?? devPlan(config, accountId);
		const customerOf: CustomerOf = async (accountId) =>
			(await customers.get(accountId)) ??
			(config.apiDevPlan ? `cus_dev${accountId.replace(/\W/g, '').slice(0, 40)}` : null);
		return {
			config,
			stripe,
			database,
			mail,
			outboxKey,
			rateLimits,
			auth: createAuth({
				db,
				origin: config.origin,
				secret: config.authSecret,
				outboxKey,
				// A sign-in link is wanted now, not at the next retry round.
				onQueued: async () => {
					if (mail) await sendPending(db, { transport: mail, outboxKey }).catch(console.error);
				},
				plugins: [sveltekitCookies(getRequestEvent)]
			}),
			billing: {
				customers,
				subscriptions: drizzleSubscriptionStore(db, {
					onChange: subscriptionMail({ outboxKey, origin: config.origin })
				}),
				planPrices: () =>
					(prices ??= ensurePlanPrices(db, stripe).catch((error) => {
						prices = undefined;
						throw error;
					}))
			},
			api: createApiServices({
				db,
				rateLimits,
				mode: config.stripe.secretKey.includes('_live_') ? 'live' : 'test',
				entitlementOf,
				customerOf,
				soleInstance: database.driver === 'pglite',
				channel: `${config.rateLimits.keyPrefix}:api-keys:revoked`,
				sendUsageAlert: sendUsageAlert(db, config, outboxKey),
				sealKey: outboxKey
			}),
			entitlementOf,
			customerOf
		};
	})().catch((error) => {
		services = undefined;
		throw error;
	});
	return services;
}
