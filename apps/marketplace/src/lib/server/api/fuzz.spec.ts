import { afterAll, beforeAll, expect, it } from 'vitest';
import { entitlement, startApiInstance, type ApiInstance } from '../testing/api.js';
import { describeEachDriver } from '../testing/databases.js';
import type { Entitlement } from './types.js';

/** A small seeded generator, so a failure names the seed that reproduces it. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
	const strings = [
		'',
		' ',
		'a',
		'lk_',
		'prd_',
		'lic_',
		'prd_x',
		'lic_x',
		'💥',
		'\u0000',
		"'; drop table x;--",
		'2026-13-45',
		'2026-02-30',
		'9999-12-31',
		'x'.repeat(300),
		'{"a":1}',
		'__proto__',
		'NaN'
	];
	const value = (depth: number): unknown => {
		switch (Math.floor(next() * (depth > 2 ? 5 : 8))) {
			case 0:
				return null;
			case 1:
				return pick([true, false]);
			case 2:
				return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31]);
			case 3:
				return pick(strings);
			case 4:
				return new Date(next() * 4e12).toISOString();
			case 5:
				return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
			default: {
				const keys = [
					'name',
					'product',
					'key',
					'instance',
					'expires',
					'maxActivations',
					'from',
					'to',
					'__proto__',
					'constructor',
					'extra'
				];
				return Object.fromEntries(
					Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1)])
				);
			}
		}
	};
	return { next, pick, value, strings };
}

const endpoints = [
	['GET', '/products'],
	['POST', '/products'],
	['POST', '/licenses'],
	['GET', '/licenses/:id'],
	['DELETE', '/licenses/:id'],
	['POST', '/licenses/validate'],
	['POST', '/licenses/activate'],
	['POST', '/licenses/deactivate'],
	['GET', '/usage']
] as const;

describeEachDriver('License API under fuzzed input', (database) => {
	const entitlements = new Map<string, Entitlement>();
	let api: ApiInstance;
	let key: string;
	beforeAll(async () => {
		api = await startApiInstance({
			db: database().db,
			entitlements,
			limitsOf: () => ({
				requestsPerMinute: 1_000_000,
				callsPerPeriod: 1_000_000,
				beyondQuota: 'block'
			})
		});
		entitlements.set('acct_fuzz', entitlement('acct_fuzz', 'api-enterprise'));
		key = (await api.keys.create({ accountId: 'acct_fuzz', name: 'fuzz', expiresInDays: null }))
			.secret;
	});
	afterAll(async () => {
		await api?.stop();
	});

	it.each(endpoints)('%s %s answers 2xx or 4xx with a code, never 5xx', async (method, path) => {
		const seed = path.length * 7919 + method.length;
		const { next, pick, value, strings } = random(seed);
		for (let i = 0; i < 60; i++) {
			const id = pick([...strings, 'lic_abc', encodeURIComponent(pick(strings)) || 'x']);
			const query = new URLSearchParams(
				Array.from({ length: Math.floor(next() * 3) }, () => [
					pick(['from', 'to', 'x']),
					pick(strings)
				])
			);
			const target = `${path.replace(':id', encodeURIComponent(id) || 'x')}${query.size ? `?${query}` : ''}`;
			const raw =
				next() < 0.2 ? pick(['{', 'null', '[]', '"x"', '{"name":', '\u0000', '1e999']) : undefined;
			const headers =
				next() < 0.3
					? { 'idempotency-key': pick(['', 'k', 'x'.repeat(300), `fuzz-${i}`]) }
					: undefined;
			const body = method === 'POST' && raw === undefined ? value(0) : undefined;
			const answer = await api
				.call(method, target, {
					key: next() < 0.1 ? pick(['nobs_test_', 'Bearer', key.slice(0, -1)]) : key,
					body,
					raw: method === 'POST' ? raw : undefined,
					headers
				})
				.catch((error: unknown) => ({ status: 599, headers: new Headers(), body: String(error) }));
			const context = `seed ${seed} #${i}: ${method} ${target} ${JSON.stringify(body ?? raw)}`;
			expect(answer.status, context).toBeLessThan(500);
			if (answer.status >= 400) expect(answer.body?.error?.code, context).toMatch(/^[a-z_]+$/);
		}
	});
});
