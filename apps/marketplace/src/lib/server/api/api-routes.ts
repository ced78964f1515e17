import type { PlanLimits } from '../../catalog.js';
import type { Db } from '../db/index.js';
import { ApiError, notFound, parse } from './api-errors.js';
import type { LookupCache } from './lookup-cache.js';
import {
	activationInput,
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
import type { Entitlement } from './types.js';
import type { UsageMeter } from './usage-meter.js';

// The License API's endpoints below /api/v1: what each runs once the call is authenticated,
// within its plan's limits and counted (`license-api.ts`).

/** One authenticated call, as a route sees it. */
export interface Call {
	accountId: string;
	url: URL;
	params: string[];
	body: unknown;
	entitlement: Entitlement;
	limits: PlanLimits;
	customer: string;
}

export interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	/** Path below /api/v1, `*` for one segment. */
	path: string;
	run: (call: Call) => Promise<{ status?: number; body: unknown }>;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The endpoints, each reading and writing the calling account's rows only. */
export function createRoutes(deps: {
	db: Db;
	meter: UsageMeter;
	/** Validations by license key hash; revocations and (de)activations evict from it. */
	licenseCache: LookupCache<FoundLicense | null>;
	now: () => number;
}): Route[] {
	const { db, meter, licenseCache, now } = deps;
	return [
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
}

/** The route of a method and path (below /api/v1); 404 or 405 when there is none. */
export function matchRoute(routes: Route[], method: string, path: string[]) {
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
}
