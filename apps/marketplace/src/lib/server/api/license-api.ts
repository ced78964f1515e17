import { createHash } from 'node:crypto';
import { planLimits, type PlanLimits } from '../../catalog.js';
import type { Db } from '../db/index.js';
import type { ApiCall, ApiLimits } from '../rate-limit.js';
import type { ApiKeys } from './api-keys.js';
import { ApiError, jsonResponse, parse } from './api-errors.js';
import { createRoutes, matchRoute, type Call } from './api-routes.js';
import type { KeyBus } from './key-bus.js';
import { createLookupCache, lookupTtl } from './lookup-cache.js';
import {
	claimIdempotencyKey,
	completeIdempotencyKey,
	releaseIdempotencyKey
} from './idempotency.js';
import { openText, sealText, type OutboxKey } from '../outbox-cipher.js';
import { idempotencyKey } from './schemas.js';
import type { FoundLicense } from './subscriber-licenses.js';
import { checkEntitlement } from './plan-access.js';
import type { CustomerOf, Entitlement, EntitlementOf } from './types.js';
import type { UsageAlerts } from './usage-alerts.js';
import type { UsageMeter } from './usage-meter.js';

export interface LicenseApiOptions {
	db: Db;
	keys: ApiKeys;
	/** Carries revocations of license keys to every instance, as of API keys. */
	bus: KeyBus;
	limits: ApiLimits;
	meter: UsageMeter;
	entitlementOf: EntitlementOf;
	customerOf: CustomerOf;
	/** Emails the account at 80 % and 100 % of its quota, once per period. */
	alerts?: UsageAlerts;
	/**
	 * Seals the answers kept for `Idempotency-Key` replays: a license's answer carries its key, which
	 * must not rest in the database in the clear (the outbox key).
	 */
	sealKey: OutboxKey;
	/** A plan's limits. @default the catalog's (`planLimits`) */
	limitsOf?: (planId: string) => PlanLimits | undefined;
	/** How long an account's entitlement is reused between calls. @default 1000 */
	entitlementCacheMs?: number;
	/** @default Date.now */
	now?: () => number;
}

/** Binds a sealed replay to its account and key, so a row copied to another opens nothing. */
const sealContext = (claim: { accountId: string; key: string }) =>
	`idempotency:${claim.accountId}:${claim.key}`;

/**
 * The License API under `/api/v1`, as a Web `Request` → `Response` function: authenticates the
 * bearer API key, checks the account's plan, applies its limits, replays idempotent POSTs,
 * runs the call and counts it once.
 * @example export const POST = ({ request }) => api(request);
 */
export function createLicenseApi(options: LicenseApiOptions) {
	const { db, keys, limits, meter, entitlementOf, customerOf, now = Date.now } = options;
	const limitsOf = options.limitsOf ?? planLimits;
	const entitlementCacheMs = options.entitlementCacheMs ?? 1_000;
	const entitlements = new Map<string, { value: Entitlement | null; at: number }>();
	/** Validations by license key hash, emptied on every instance by a revocation or (de)activation. */
	const licenseCache = createLookupCache<FoundLicense | null>({
		bus: options.bus,
		ttlMs: lookupTtl(options.bus),
		now
	});
	const customers = new Map<string, string>();

	const routes = createRoutes({ db, meter, licenseCache, now });

	const entitlement = async (accountId: string, at: number) => {
		const cached = entitlements.get(accountId);
		if (cached && at - cached.at < entitlementCacheMs) return cached.value;
		const value = await entitlementOf(accountId);
		if (entitlements.size >= 10_000) entitlements.clear();
		entitlements.set(accountId, { value, at });
		return value;
	};

	const customer = async (accountId: string) => {
		let id = customers.get(accountId);
		if (!id) {
			id = (await customerOf(accountId)) ?? undefined;
			if (!id)
				throw new ApiError(403, 'plan_required', 'This account has no billing customer yet.');
			customers.set(accountId, id);
		}
		return id;
	};

	const authenticate = async (request: Request) => {
		const header = request.headers.get('authorization') ?? '';
		const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
		const key = secret ? await keys.authenticate(secret) : null;
		if (!key) {
			throw new ApiError(
				401,
				'invalid_api_key',
				'Send a valid API key: Authorization: Bearer nobs_test_… (create one on /account/api).',
				undefined,
				{ 'www-authenticate': 'Bearer' }
			);
		}
		return key;
	};

	const readBody = async (request: Request): Promise<{ text: string; body: unknown }> => {
		if (request.method === 'GET' || request.method === 'DELETE')
			return { text: '', body: undefined };
		const text = await request.text();
		if (text.length > 64 * 1024)
			throw new ApiError(413, 'body_too_large', 'The body is larger than 64 KiB.');
		try {
			return { text, body: text === '' ? {} : (JSON.parse(text) as unknown) };
		} catch {
			throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
		}
	};

	/** Counts a call that passed the limits: usage (once), and the quota emails it may trigger. */
	const count = (account: ApiCall, customer: string, used: number) => {
		const { limits: plan } = account;
		// Not awaited: an email must not slow the call down, nor fail it.
		options.alerts
			?.check({
				accountId: account.accountId,
				used,
				included: plan.callsPerPeriod,
				capped: plan.beyondQuota === 'block',
				periodStart: account.periodStart,
				periodEnd: account.periodEnd
			})
			.catch((error) => console.error('Sending a usage alert failed:', error));
		meter.count(customer, plan.beyondQuota === 'bill' && used > plan.callsPerPeriod);
	};

	/** The call's route, body and idempotency claim; an ApiError for what is wrong with them. */
	const prepare = async (request: Request, url: URL, accountId: string) => {
		const path = url.pathname
			.replace(/^\/api\/v1\/?/, '')
			.replace(/\/$/, '')
			.split('/');
		const { route, params } = matchRoute(routes, request.method, path);
		const { text, body } = await readBody(request);
		const idempotency = request.method === 'POST' ? request.headers.get('idempotency-key') : null;
		const claim =
			idempotency === null
				? undefined
				: {
						accountId,
						key: parse(idempotencyKey, idempotency),
						requestHash: createHash('sha256')
							.update(`${request.method} ${url.pathname}\n${text}`)
							.digest('hex')
					};
		return { route, params, body, claim };
	};

	async function handle(request: Request): Promise<Response> {
		const url = new URL(request.url);
		const key = await authenticate(request);
		const at = now();
		const entitled = await entitlement(key.accountId, at);
		const plan = checkEntitlement(entitled, at, limitsOf);
		if (plan instanceof ApiError) throw plan;
		const account: ApiCall = {
			accountId: key.accountId,
			limits: plan,
			periodStart: entitled!.currentPeriodStart,
			periodEnd: entitled!.currentPeriodEnd
		};
		const customerId = await customer(key.accountId);

		let prepared;
		try {
			prepared = await prepare(request, url, key.accountId);
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			// A wrong path, method or body is an authenticated call too: limited and counted, and it
			// says where the limits stand.
			const limited = await limits.consume(account);
			if (!limited.allowed) return limited.response;
			count(account, customerId, limited.used);
			return withHeaders(error.toResponse(), limited.headers);
		}
		const { route, params, body, claim } = prepared;

		if (claim) {
			const claimed = await claimIdempotencyKey(db, claim);
			// Not a call of its own: counted nothing, but tells where the limits stand.
			if (claimed.kind !== 'first') {
				const headers = await limits.peek(account);
				if (claimed.kind === 'replay') {
					const replayed = openText(claimed.body, options.sealKey, sealContext(claim));
					return jsonResponse(claimed.status, replayed, {
						...headers,
						'idempotent-replayed': 'true'
					});
				}
				return withHeaders(idempotencyRefusal(claimed.kind).toResponse(), headers);
			}
		}

		let answer: Response;
		try {
			const limited = await limits.consume(account);
			if (!limited.allowed) {
				if (claim) await releaseIdempotencyKey(db, claim);
				return limited.response;
			}
			// Counted once it passed the limits, whatever the outcome: the work was done.
			count(account, customerId, limited.used);
			const call: Call = {
				accountId: key.accountId,
				url,
				params,
				body,
				entitlement: entitled!,
				limits: plan,
				customer: customerId
			};
			try {
				const result = await route.run(call);
				answer = jsonResponse(result.status ?? 200, result.body, limited.headers);
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				answer = withHeaders(error.toResponse(), limited.headers);
			}
		} catch (error) {
			if (claim) await releaseIdempotencyKey(db, claim);
			throw error;
		}
		if (claim) {
			await completeIdempotencyKey(db, {
				...claim,
				status: answer.status,
				body: sealText(await answer.clone().text(), options.sealKey, sealContext(claim))
			});
		}
		return answer;
	}

	return async (request: Request): Promise<Response> => {
		try {
			return await handle(request);
		} catch (error) {
			if (error instanceof ApiError) return error.toResponse();
			throw error;
		}
	};
}

export type LicenseApi = ReturnType<typeof createLicenseApi>;

function withHeaders(response: Response, headers: Record<string, string>): Response {
	for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	return response;
}

/** The answer to an `Idempotency-Key` whose first request is still running or was another one. */
function idempotencyRefusal(kind: 'in_progress' | 'mismatch'): ApiError {
	return kind === 'mismatch'
		? new ApiError(
				400,
				'idempotency_key_reused',
				'This Idempotency-Key was used with another request.',
				'Idempotency-Key'
			)
		: new ApiError(
				409,
				'idempotency_key_in_use',
				'A request with this Idempotency-Key is still running; retry shortly.'
			);
}
