import type { UsageStore } from '@nobs-pay/svelte/server';
import type { PlanLimits } from '../../catalog.js';
import type { Db } from '../db/index.js';
import type { OutboxKey } from '../outbox-cipher.js';
import type { RateLimits } from '../rate-limit.js';
import { createApiKeys, type ApiKeyMode, type ApiKeys } from './api-keys.js';
import { memoryKeyBus, redisKeyBus, type KeyBus } from './key-bus.js';
import { createLicenseApi, type LicenseApi } from './license-api.js';
import type { CustomerOf, EntitlementOf } from './types.js';
import { createUsageAlerts, type SendUsageAlert } from './usage-alerts.js';
import { API_OVERAGE_METER, createUsageMeter, type UsageMeter } from './usage-meter.js';
import { drizzleUsageStore } from './usage-store.js';

/** Everything the License API runs on in one app instance. */
export interface ApiServices {
	keys: ApiKeys;
	keyBus: KeyBus;
	/** Usage events and their outbox towards Stripe's meters (`flushUsage`). */
	usage: UsageStore;
	/** Counts calls in memory; `flush` writes them to `usage`. */
	meter: UsageMeter;
	/** `/api/v1/*` as a `Request` → `Response` function. */
	handle: LicenseApi;
	/** Writes counted calls and keys' last use, then stops listening for revocations. */
	close(): Promise<void>;
}

export interface ApiServicesOptions {
	db: Db;
	/** The instance's limiters; their Redis, when set, also carries key revocations. */
	rateLimits: RateLimits;
	mode: ApiKeyMode;
	entitlementOf: EntitlementOf;
	customerOf: CustomerOf;
	/** No other instance can exist (PGlite is opened by one process): caches may live longer. */
	soleInstance?: boolean;
	/** Channel of key revocations in Redis. @default 'nobs:api-keys:revoked' */
	channel?: string;
	/** Sends the 80 % and 100 % usage emails; none are sent without it. */
	sendUsageAlert?: SendUsageAlert;
	/** Seals the answers kept for `Idempotency-Key` replays (the outbox key). */
	sealKey: OutboxKey;
	/** @default the catalog's */
	limitsOf?: (planId: string) => PlanLimits | undefined;
	now?: () => number;
}

/**
 * Wires the License API of one app instance: keys (with revocations through Redis pub/sub when
 * the limits use Redis), the usage store and meter, and the limits' period counts, which restart
 * from the calls recorded in the database.
 */
export function createApiServices(options: ApiServicesOptions): ApiServices {
	const { db, rateLimits, entitlementOf, customerOf } = options;
	const keyBus = rateLimits.redis
		? redisKeyBus(rateLimits.redis, options.channel ?? 'nobs:api-keys:revoked')
		: memoryKeyBus({ soleInstance: options.soleInstance });
	const keys = createApiKeys({ db, mode: options.mode, bus: keyBus, now: options.now });
	const usage = drizzleUsageStore(db, { reportedMeters: [API_OVERAGE_METER] });
	const meter = createUsageMeter({ store: usage, now: options.now });
	rateLimits.api.seedFrom(async (accountId, periodStart) => {
		const customer = await customerOf(accountId);
		return customer ? meter.callsSince(customer, periodStart) : 0;
	});
	const handle = createLicenseApi({
		db,
		keys,
		bus: keyBus,
		limits: rateLimits.api,
		meter,
		entitlementOf,
		customerOf,
		limitsOf: options.limitsOf,
		now: options.now,
		sealKey: options.sealKey,
		alerts: options.sendUsageAlert && createUsageAlerts({ db, send: options.sendUsageAlert })
	});
	return {
		keys,
		keyBus,
		usage,
		meter,
		handle,
		async close() {
			await Promise.all([meter.flush(), keys.flushLastUsed()]);
			keys.close();
			await keyBus.close();
		}
	};
}
