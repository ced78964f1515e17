import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlidingWindow, waitSeconds } from './sliding-window.js';

// Redis runs when REDIS_URL is set; CI sets it and scripts/test.mjs refuses to run without it.
const stores = [
	{ store: 'memory', skip: false },
	{ store: 'redis', skip: !process.env.REDIS_URL }
];

const N = 10;
/** A whole minute: window indexes are whole minutes since the epoch. */
const MINUTE = Date.UTC(2026, 0, 1, 12, 0, 0);

for (const { store, skip } of stores) {
	describe.skipIf(skip)(`a sliding window (${store})`, () => {
		let redis: Redis | undefined;
		let clock = MINUTE;
		const make = () =>
			createSlidingWindow({
				// A fresh prefix per window, so a shared Redis holds no count from another test or run.
				keyPrefix: `nobs_test_${randomBytes(6).toString('hex')}`,
				points: N,
				redis,
				now: () => clock
			});
		const burst = async (window: ReturnType<typeof make>, calls: number) => {
			const results = await Promise.all(
				Array.from({ length: calls }, () => window.consume('acct'))
			);
			return results.filter((result) => result.allowed).length;
		};

		beforeAll(() => {
			if (store === 'redis') redis = new Redis(process.env.REDIS_URL!);
		});
		afterAll(async () => {
			await redis?.quit();
		});

		it('lets a burst at the end of one minute and one at the start of the next pass N, not 2N', async () => {
			const window = make();
			clock = MINUTE + 59_500;
			expect(await burst(window, 2 * N)).toBe(N);
			clock = MINUTE + 60_500;
			expect(await burst(window, 2 * N)).toBe(0);
			// Half of the previous minute has slid out: half of its calls are allowed again.
			clock = MINUTE + 90_000;
			expect(await burst(window, 2 * N)).toBe(N / 2);
			// Two quiet minutes later the whole limit is back.
			clock = MINUTE + 240_000;
			expect(await burst(window, 2 * N)).toBe(N);
		});

		it('answers how many calls remain, and when the next fits once none do', async () => {
			const window = make();
			clock = MINUTE + 15_000;
			const first = await window.consume('acct');
			expect(first).toEqual({ allowed: true, remaining: N - 1, resetSeconds: 45 });
			// Peeking counts nothing.
			expect(await window.peek('acct')).toEqual(first);
			expect(await window.peek('acct')).toEqual(first);
			for (let i = 1; i < N; i++) await window.consume('acct');
			expect(await window.peek('acct')).toEqual({ allowed: false, remaining: 0, resetSeconds: 51 });
			const refused = await window.consume('acct');
			expect(refused.allowed).toBe(false);
			expect(refused.remaining).toBe(0);
			// The next window, once a tenth of it has passed (N calls, one must slide out).
			expect(refused.resetSeconds).toBe(45 + 6);
			clock += (refused.resetSeconds - 1) * 1000;
			expect((await window.consume('acct')).allowed).toBe(false);
			clock += 1000;
			expect((await window.consume('acct')).allowed).toBe(true);
		});

		it('does not count refused calls, so retrying in a loop costs no extra wait', async () => {
			const window = make();
			clock = MINUTE + 59_000;
			expect(await burst(window, N)).toBe(N);
			// A hundred refused retries in the same second...
			expect(await burst(window, 100)).toBe(0);
			// ...and the next minute weighs the N allowed calls only.
			clock = MINUTE + 60_000 + 30_000;
			expect(await burst(window, N)).toBe(N / 2);
		});

		it('keeps accounts apart', async () => {
			const window = make();
			clock = MINUTE + 1_000;
			expect(await burst(window, N)).toBe(N);
			expect((await window.consume('other')).allowed).toBe(true);
		});
	});
}

describe('waitSeconds', () => {
	it('waits within the window when enough of the previous one slides out', () => {
		// 10 allowed, previous 10, current 0: 10 × (1 − e) ≤ 9 from e = 0.1, 3 s after 0.05.
		expect(waitSeconds(10, 10, 0, 0.05, 60)).toBeCloseTo(3);
		expect(waitSeconds(10, 10, 5, 0.25, 60)).toBeCloseTo((0.6 - 0.25) * 60);
	});

	it('waits for the next window when the current one is full', () => {
		expect(waitSeconds(10, 0, 10, 0.5, 60)).toBeCloseTo(30 + 6);
		expect(waitSeconds(1, 0, 1, 0, 60)).toBeCloseTo(120);
	});
});
