import { randomBytes } from 'node:crypto';
import type { PlanLimits } from '../../catalog.js';
import { createApiServices, type ApiServices } from '../api/api-services.js';
import type { Entitlement } from '../api/types.js';
import type { SendUsageAlert } from '../api/usage-alerts.js';
import type { Db } from '../db/index.js';
import { parseOutboxKey } from '../outbox-cipher.js';
import { createRateLimits, type RateLimits } from '../rate-limit.js';

/**
 * One app instance's License API for tests, with the entitlements the test sets (sign-in and
 * subscriptions are not what these tests are about). Two instances made with the same
 * `keyPrefix` share their counters and revocations through Redis when `redisUrl` is set.
 */
export interface ApiInstance extends ApiServices {
	/** Calls the API as a client would: `call('POST', '/licenses', { key, body })`. */
	call(
		method: string,
		path: string,
		options?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> }
	): Promise<{ status: number; headers: Headers; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
	rateLimits: RateLimits;
	stop(): Promise<void>;
}

export interface ApiInstanceOptions {
	db: Db;
	entitlements: Map<string, Entitlement>;
	redisUrl?: string;
	keyPrefix?: string;
	limitsOf?: (planId: string) => PlanLimits | undefined;
	sendUsageAlert?: SendUsageAlert;
	now?: () => number;
}

/** A fresh prefix, so counters in a shared Redis start from zero. */
export const freshPrefix = () => `nobs_test_${randomBytes(6).toString('hex')}`;

export async function startApiInstance(options: ApiInstanceOptions): Promise<ApiInstance> {
	const keyPrefix = options.keyPrefix ?? freshPrefix();
	const rateLimits = await createRateLimits({ redisUrl: options.redisUrl, keyPrefix });
	const services = createApiServices({
		db: options.db,
		rateLimits,
		mode: 'test',
		entitlementOf: async (accountId) => options.entitlements.get(accountId) ?? null,
		customerOf: async (accountId) => `cus_${accountId.replace(/\W/g, '')}`,
		channel: `${keyPrefix}:api-keys:revoked`,
		limitsOf: options.limitsOf,
		sendUsageAlert: options.sendUsageAlert,
		now: options.now,
		// One key for every instance of a test, as instances of one shop share OUTBOX_KEY.
		sealKey: parseOutboxKey(Buffer.alloc(32, 7).toString('base64'))
	});
	return {
		...services,
		rateLimits,
		async call(method, path, { key, body, raw, headers } = {}) {
			const response = await services.handle(
				new Request(`http://localhost/api/v1${path}`, {
					method,
					headers: {
						...(key && { authorization: `Bearer ${key}` }),
						...(body !== undefined && { 'content-type': 'application/json' }),
						...headers
					},
					body: raw ?? (body === undefined ? undefined : JSON.stringify(body))
				})
			);
			const text = await response.text();
			return {
				status: response.status,
				headers: response.headers,
				body: text ? JSON.parse(text) : null
			};
		},
		async stop() {
			await services.close();
			await rateLimits.close();
		}
	};
}

/** An active subscription to `planId` whose period started yesterday and lasts 30 days. */
export function entitlement(
	accountId: string,
	planId: string,
	overrides: Partial<Entitlement> = {}
): Entitlement {
	const start = new Date(Date.now() - 86_400_000);
	return {
		accountId,
		planId,
		status: 'active',
		pastDueSince: null,
		currentPeriodStart: start,
		currentPeriodEnd: new Date(start.getTime() + 30 * 86_400_000),
		cancelAtPeriodEnd: false,
		seats: 1,
		...overrides
	};
}
