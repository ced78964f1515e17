import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, rateLimited, type RateLimits } from './rate-limit.js';

// Redis runs when REDIS_URL is set; CI sets it and scripts/test.mjs refuses to run without it.
const stores = [
	{ store: 'memory', skip: false, redisUrl: undefined },
	{ store: 'redis', skip: !process.env.REDIS_URL, redisUrl: process.env.REDIS_URL }
];

for (const { store, skip, redisUrl } of stores) {
	describe.skipIf(skip)(`rate limits (${store})`, () => {
		let limits: RateLimits;
		beforeAll(async () => {
			// A fresh prefix per run, so a shared Redis holds no count from an earlier run.
			const keyPrefix = `nobs_test_${randomBytes(6).toString('hex')}`;
			limits = await createRateLimits({
				redisUrl,
				keyPrefix,
				checkoutPerMinute: 3,
				licensesPerMinute: 5,
				accountPerMinute: 2,
				supportPerMinute: 2
			});
		});
		afterAll(async () => {
			await limits.close();
		});

		it('answers 429 with Retry-After once an IP has used its checkouts', async () => {
			for (let i = 0; i < 3; i++) {
				expect(await rateLimited(limits.checkout, '203.0.113.7')).toBeUndefined();
			}
			const refused = await rateLimited(limits.checkout, '203.0.113.7');
			expect(refused?.status).toBe(429);
			const retryAfter = Number(refused?.headers.get('retry-after'));
			expect(retryAfter).toBeGreaterThanOrEqual(1);
			expect(retryAfter).toBeLessThanOrEqual(60);
			expect(await refused?.json()).toMatchObject({ error: { code: 'rate_limited' } });
			// Another address has its own count.
			expect(await rateLimited(limits.checkout, '203.0.113.8')).toBeUndefined();
		});

		it('counts license validations apart from checkouts', async () => {
			const results = [];
			for (let i = 0; i < 6; i++) results.push(await rateLimited(limits.licenses, '198.51.100.1'));
			expect(results.map((result) => result?.status ?? 200)).toEqual([
				200, 200, 200, 200, 200, 429
			]);
		});

		it('counts an account’s billing calls by account, apart from the rest', async () => {
			const results = [];
			for (let i = 0; i < 3; i++) results.push(await rateLimited(limits.account, 'user_a'));
			expect(results.map((result) => result?.status ?? 200)).toEqual([200, 200, 429]);
			expect(await rateLimited(limits.account, 'user_b')).toBeUndefined();
		});

		it('counts support tickets and replies per IP, apart from sign-in links', async () => {
			const results = [];
			for (let i = 0; i < 3; i++) results.push(await rateLimited(limits.support, '192.0.2.9'));
			expect(results.map((result) => result?.status ?? 200)).toEqual([200, 200, 429]);
			expect(await rateLimited(limits.signIn, '192.0.2.9')).toBeUndefined();
		});
	});
}
