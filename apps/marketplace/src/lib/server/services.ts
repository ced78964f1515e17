import { defineCatalog, type UsageStore } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { catalog } from '../catalog.js';
import { createApiKeys, type ApiKeys } from './api/api-keys.js';
import { memoryKeyBus, redisKeyBus, type KeyBus } from './api/key-bus.js';
import { createLicenseApi, type LicenseApi } from './api/license-api.js';
import type { CustomerOf, Entitlement, EntitlementOf } from './api/types.js';
import {
	API_CALLS_METER,
	API_OVERAGE_METER,
	createUsageMeter,
	type UsageMeter
} from './api/usage-meter.js';
import { drizzleUsageStore } from './api/usage-store.js';
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
	/** The License API's keys; a revocation reaches every instance through `keyBus`. */
	apiKeys: ApiKeys;
	keyBus: KeyBus;
	/** Usage events and their outbox towards Stripe's meters (`flushUsage`). */
	usage: UsageStore;
	/** Counts API calls in memory; `flush` writes them to `usage`. */
	meter: UsageMeter;
	/** `/api/v1/*`. */
	licenseApi: LicenseApi;
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
		const { db } = database;
		const rateLimits = await createRateLimits(config.rateLimits);
		const keyBus = rateLimits.redis
			? redisKeyBus(rateLimits.redis, `${config.rateLimits.keyPrefix}:api-keys:revoked`)
			: memoryKeyBus();
		const mode = config.stripe.secretKey.includes('_live_') ? 'live' : 'test';
		const apiKeys = createApiKeys({ db, mode, bus: keyBus });
		const usage = drizzleUsageStore(db, { reportedMeters: [API_OVERAGE_METER] });
		const meter = createUsageMeter({ store: usage });
		const entitlements = entitlementOf(config);
		const customers = customerOf(config);
		// A period's count restarts from the calls recorded in the database.
		rateLimits.api.seedFrom(async (accountId, periodStart) => {
			const customer = await customers(accountId);
			if (!customer) return 0;
			const from = Math.floor(periodStart.getTime() / 1000);
			const days = await usage.daily({
				customer,
				meter: API_CALLS_METER,
				from,
				to: Math.max(from, Math.floor(Date.now() / 1000))
			});
			return days.reduce((sum, day) => sum + day.quantity, 0);
		});
		return {
			config,
			stripe: createStripe(config),
			database,
			mail: await transportFromEnv(config.smtpUrl),
			outboxKey: loadOutboxKey({ configured: config.outboxKey, dataDir: config.dataDir }),
			rateLimits,
			apiKeys,
			keyBus,
			usage,
			meter,
			licenseApi: createLicenseApi({
				db,
				keys: apiKeys,
				limits: rateLimits.api,
				meter,
				entitlementOf: entitlements,
				customerOf: customers
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
