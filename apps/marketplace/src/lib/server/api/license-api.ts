import { createHash } from 'node:crypto';
import { planLimits, type PlanLimits } from '../../catalog.js';
import type { Db } from '../db/index.js';
import type { ApiLimits } from '../rate-limit.js';
import type { ApiKeys } from './api-keys.js';
import { ApiError, jsonResponse, notFound, parse } from './api-errors.js';
import type { KeyBus } from './key-bus.js';
import { createLookupCache, lookupTtl } from './lookup-cache.js';
import {
	claimIdempotencyKey,
	completeIdempotencyKey,
	releaseIdempotencyKey
} from './idempotency.js';
import { openText, sealText, type OutboxKey } from '../outbox-cipher.js';
import {
	activationInput,
	idempotencyKey,
	licenseIdParam,
	licenseInput,
	productInput,
	usageQuery,
	validateInput
} from './schemas.js';
import {
	checkLicense,
	createProduct,
	getLicense,
	issueLicense,
	listProducts,
	revokeLicense,
	type FoundLicense
} from './subscriber-licenses.js';
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

interface Call {
	accountId: string;
	url: URL;
	params: string[];
	body: unknown;
	entitlement: Entitlement;
	limits: PlanLimits;
	customer: string;
}

interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below /api/v1, `*` for one segment. */
	path: string;
	run: (call: Call) => Promise<{ status?: number; body: unknown }>;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The License API under `/api/v1`, as a Web `Request` → `Response` function: authenticates the
 * bearer API key, checks the account's plan, applies its limits, replays idempotent POSTs,
 * runs the call and counts it once.
 * @example export const POST = ({ request }) => api(request);
 */
/** Binds a sealed replay to its account and key, so a row copied to another opens nothing. */
const sealContext = (claim: { accountId: string; key: string }) =>
	`idempotency:${claim.accountId}:${claim.key}`;

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

	const routes: Route[] = [
		{
			method: 'GET',
			path: 'products',
			run: async ({ accountId }) => ({
				body: { object: 'list', data: await listProducts(db, accountId) }
			})
		},
		{
			method: 'POST',
			path: 'products',
			run: async ({ accountId, body }) => ({
				status: 201,
				body: await createProduct(db, accountId, parse(productInput, body))
			})
		},
		{
			method: 'POST',
			path: 'licenses',
			run: async ({ accountId, body }) => {
				const input = parse(licenseInput, body);
				const issued = await issueLicense(
					db,
					accountId,
					{ ...input, expires: input.expires ? new Date(input.expires) : null },
					new Date(now())
				);
				if (!issued)
					throw new ApiError(400, 'invalid_request', 'product: no such product', 'product');
				return { status: 201, body: { ...issued.license, key: issued.key } };
			}
		},
		...(['validate', 'activate', 'deactivate'] as const).map((action): Route => ({
			method: 'POST',
			path: `licenses/${action}`,
			run: async ({ accountId, body }) => ({
				body: await checkLicense(
					db,
					accountId,
					{ action, ...parse(action === 'validate' ? validateInput : activationInput, body) },
					new Date(now()),
					licenseCache
				)
			})
		})),
		{
			method: 'GET',
			path: 'licenses/*',
			run: async ({ accountId, params }) => {
				const license = await getLicense(
					db,
					accountId,
					parse(licenseIdParam, params[0]),
					new Date(now())
				);
				if (!license) throw notFound('license');
				return { body: license };
			}
		},
		{
			method: 'DELETE',
			path: 'licenses/*',
			run: async ({ accountId, params }) => {
				const license = await revokeLicense(
					db,
					accountId,
					parse(licenseIdParam, params[0]),
					new Date(now()),
					licenseCache
				);
				if (!license) throw notFound('license');
				return { body: license };
			}
		},
		{
			method: 'GET',
			path: 'usage',
			run: async ({ url, entitlement, limits: plan, customer }) => {
				const query = parse(usageQuery, Object.fromEntries(url.searchParams));
				const from = query.from ?? isoDay(entitlement.currentPeriodStart.getTime());
				const to = query.to ?? isoDay(Math.min(now(), entitlement.currentPeriodEnd.getTime()));
				const start = Date.parse(`${from}T00:00:00Z`);
				const end = Date.parse(`${to}T00:00:00Z`);
				if (end < start)
					throw new ApiError(400, 'invalid_request', 'to: must not be before from', 'to');
				if (end - start > 400 * DAY_MS) {
					throw new ApiError(400, 'invalid_request', 'to: at most 400 days after from', 'to');
				}
				const recorded = new Map(
					(await meter.daily(customer, from, to)).map((row) => [row.day, row.quantity])
				);
				const data = [];
				for (let day = start; day <= end; day += DAY_MS) {
					data.push({ day: isoDay(day), calls: recorded.get(isoDay(day)) ?? 0 });
				}
				return {
					body: {
						object: 'usage',
						from,
						to,
						total: data.reduce((sum, row) => sum + row.calls, 0),
						plan: {
							id: entitlement.planId,
							requestsPerMinute: plan.requestsPerMinute,
							callsPerPeriod: plan.callsPerPeriod,
							beyondQuota: plan.beyondQuota
						},
						period: {
							start: entitlement.currentPeriodStart.toISOString(),
							end: entitlement.currentPeriodEnd.toISOString()
						},
						data
					}
				};
			}
		}
	];

	const match = (method: string, path: string[]) => {
		let methodMismatch = false;
		for (const route of routes) {
			const parts = route.path.split('/');
			if (parts.length !== path.length) continue;
			const params: string[] = [];
			const same = parts.every((part, i) => {
				if (part === '*') return params.push(path[i]!) > 0;
				return part === path[i];
			});
			if (!same) continue;
			if (route.method === method) return { route, params };
			methodMismatch = true;
		}
		if (methodMismatch)
			throw new ApiError(405, 'method_not_allowed', `${method} is not allowed here.`);
		throw new ApiError(404, 'not_found', 'No such endpoint; see /api/v1/openapi.json.');
	};

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

	async function handle(request: Request): Promise<Response> {
		const url = new URL(request.url);
		const path = url.pathname
			.replace(/^\/api\/v1\/?/, '')
			.replace(/\/$/, '')
			.split('/');
		const key = await authenticate(request);
		const at = now();
		const entitled = await entitlement(key.accountId, at);
		const plan = checkEntitlement(entitled, at, limitsOf);
		if (plan instanceof ApiError) throw plan;
		const { route, params } = match(request.method, path);
		const { text, body } = await readBody(request);
		const call: Call = {
			accountId: key.accountId,
			url,
			params,
			body,
			entitlement: entitled!,
			limits: plan,
			customer: await customer(key.accountId)
		};

		const idempotency = request.method === 'POST' ? request.headers.get('idempotency-key') : null;
		const claim =
			idempotency === null
				? undefined
				: {
						accountId: key.accountId,
						key: parse(idempotencyKey, idempotency),
						requestHash: createHash('sha256')
							.update(`${request.method} ${url.pathname}\n${text}`)
							.digest('hex')
					};
		if (claim) {
			const claimed = await claimIdempotencyKey(db, claim);
			if (claimed.kind === 'replay') {
				const body = openText(claimed.body, options.sealKey, sealContext(claim));
				return jsonResponse(claimed.status, body, { 'idempotent-replayed': 'true' });
			}
			if (claimed.kind === 'mismatch') {
				throw new ApiError(
					400,
					'idempotency_key_reused',
					'This Idempotency-Key was used with another request.',
					'Idempotency-Key'
				);
			}
			if (claimed.kind === 'in_progress') {
				throw new ApiError(
					409,
					'idempotency_key_in_use',
					'A request with this Idempotency-Key is still running; retry shortly.'
				);
			}
		}

		let answer: Response;
		try {
			const limited = await limits.consume({
				accountId: key.accountId,
				limits: plan,
				periodStart: entitled!.currentPeriodStart,
				periodEnd: entitled!.currentPeriodEnd
			});
			if (!limited.allowed) {
				if (claim) await releaseIdempotencyKey(db, claim);
				return limited.response;
			}
			// Not awaited: an email must not slow the call down, nor fail it.
			options.alerts
				?.check({
					accountId: key.accountId,
					used: limited.used,
					included: plan.callsPerPeriod,
					capped: plan.beyondQuota === 'block',
					periodStart: entitled!.currentPeriodStart,
					periodEnd: entitled!.currentPeriodEnd
				})
				.catch((error) => console.error('Sending a usage alert failed:', error));
			// Counted once it passed the limits, whatever the outcome: the work was done.
			meter.count(call.customer, plan.beyondQuota === 'bill' && limited.used > plan.callsPerPeriod);
			try {
				const result = await route.run(call);
				answer = jsonResponse(result.status ?? 200, result.body, limited.headers);
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				answer = error.toResponse();
				for (const [name, value] of Object.entries(limited.headers))
					answer.headers.set(name, value);
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
