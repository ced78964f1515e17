import { defineCatalog } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { catalog } from '../catalog.js';
import { createApiServices, type ApiServices } from './api/api-services.js';
import type { CustomerOf, Entitlement, EntitlementOf } from './api/types.js';
import { renderUsageAlert, type SendUsageAlert } from './api/usage-alerts.js';
import { readConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { transportFromEnv, type MailTransport } from './email.js';
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
	/** The License API (`/api/v1`): keys, usage, limits. */
	api: ApiServices;
	entitlementOf: EntitlementOf;
	customerOf: CustomerOf;
}

/**
 * MERGE POINT (mk-accounts): the account's plan. At merge, answer
 * `getEntitlement(db, accountId)` from `accounts/entitlement.ts`. Until then no account has a
 * plan (every call answers 403 plan_required), except in sandbox mode with API_DEV_PLAN set.
 */
function entitlementOf(config: Config): EntitlementOf {
	return async (accountId) => {
		if (!config.apiDevPlan) return null;
		const now = new Date();
		const entitlement: Entitlement = {
			accountId,
			planId: config.apiDevPlan,
			status: 'active',
			pastDueSince: null,
			currentPeriodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
			currentPeriodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
			cancelAtPeriodEnd: false,
			seats: 1
		};
		return entitlement;
	};
}

/**
 * MERGE POINT (mk-accounts): the account's Stripe customer, which usage is recorded against. At
 * merge, answer the accounts' `CustomerStore.get(accountId)`. Until then a stand-in id derived
 * from the account, in sandbox mode with API_DEV_PLAN only.
 */
function customerOf(config: Config): CustomerOf {
	return async (accountId) =>
		config.apiDevPlan ? `cus_dev${accountId.replace(/\W/g, '').slice(0, 40)}` : null;
}

/**
 * MERGE POINT (mk-accounts): the usage emails (80 % and 100 % of the quota, once per period,
 * decided in `api/usage-alerts.ts`). At merge, queue `renderUsageAlert(alert, links)` to the
 * account owner through the accounts' email outbox. Until then accounts have no address, so the
 * alert is only logged.
 */
function sendUsageAlert(config: Config): SendUsageAlert {
	return async (alert) => {
		const { subject } = renderUsageAlert(alert, {
			usage: `${config.origin}/account/api`,
			plans: `${config.origin}/#plans`
		});
		console.info(`Usage alert for ${alert.accountId}: ${subject}`);
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
		const rateLimits = await createRateLimits(config.rateLimits);
		const entitlements = entitlementOf(config);
		const customers = customerOf(config);
		return {
			config,
			stripe: createStripe(config),
			database,
			mail: await transportFromEnv(config.smtpUrl),
			outboxKey: loadOutboxKey({ configured: config.outboxKey, dataDir: config.dataDir }),
			rateLimits,
			api: createApiServices({
				db: database.db,
				rateLimits,
				mode: config.stripe.secretKey.includes('_live_') ? 'live' : 'test',
				entitlementOf: entitlements,
				customerOf: customers,
				soleInstance: database.driver === 'pglite',
				channel: `${config.rateLimits.keyPrefix}:api-keys:revoked`,
				sendUsageAlert: sendUsageAlert(config)
			}),
			entitlementOf: entitlements,
			customerOf: customers
		};
	})().catch((error) => {
		services = undefined;
		throw error;
	});
	return services;
}
