import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, refunds, revenueMilestones } from '../db/schema.js';
import { listMailbox } from '../email.js';
import { fulfillOrder, refundOrder } from '../orders.js';
import { describeEachDriver } from '../testing/databases.js';
import {
	pendingOrder,
	professional,
	starter,
	testOutboxKey as outboxKey
} from '../testing/orders.js';
import {
	calendarMonth,
	checkMilestones,
	coalesced,
	milestoneProgress,
	netRevenue
} from './milestones.js';

describe('calendarMonth', () => {
	it("finds the month in the shop's time zone, across a daylight-saving change", () => {
		// 03:00 UTC on 1 December is still 30 November in New York; 1 November 2026 ends EDT.
		expect(calendarMonth(new Date('2026-12-01T03:00:00Z'), 'America/New_York')).toEqual({
			month: '2026-11',
			start: new Date('2026-11-01T04:00:00Z'),
			end: new Date('2026-12-01T05:00:00Z')
		});
		expect(calendarMonth(new Date('2026-11-30T16:00:00Z'), 'Asia/Tokyo')).toEqual({
			month: '2026-12',
			start: new Date('2026-11-30T15:00:00Z'),
			end: new Date('2026-12-31T15:00:00Z')
		});
		expect(calendarMonth(new Date('2026-12-31T23:59:59Z'), 'UTC').end).toEqual(
			new Date('2027-01-01T00:00:00Z')
		);
	});
});

describe('coalesced', () => {
	it('starts the run asked for during another no sooner than the interval after it', async () => {
		const starts: number[] = [];
		const check = coalesced(
			async () => {
				starts.push(performance.now());
			},
			{ minIntervalMs: 200 }
		);
		const first = check.poke();
		void check.poke();
		void check.poke();
		await first;
		expect(starts).toHaveLength(2);
		expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(195);
	});

	it('runs once more after a burst of pokes, never two at once', async () => {
		let runs = 0;
		let active = 0;
		let release: () => void = () => {};
		const check = coalesced(async () => {
			runs++;
			active++;
			expect(active).toBe(1);
			await new Promise<void>((resolve) => (release = resolve));
			active--;
		});
		const first = check.poke();
		for (let i = 0; i < 10; i++) void check.poke();
		release();
		await expect.poll(() => runs).toBe(2);
		release();
		await first;
		expect(runs).toBe(2);
		expect(active).toBe(0);
	});
});

const admins = new Set(['founder@shop.dev', 'cofounder@shop.dev']);
const options = {
	targets: [1000, 5000, 10000],
	currency: 'usd',
	timeZone: 'UTC',
	emails: admins,
	outboxKey,
	origin: 'https://shop.example'
};

describeEachDriver('milestones', (database) => {
	it('counts paid orders of the month, less refunds dated in it, in one currency', async () => {
		const { db } = database();
		const paidIn = async (paidAt: string, line = professional) => {
			const order = await pendingOrder(db, [line]);
			await db
				.update(orders)
				.set({ status: 'paid', paidAt: new Date(paidAt) })
				.where(eq(orders.id, order.orderId));
			return order;
		};
		await paidIn('2025-03-01T00:00:00Z'); // 49 900, first instant of March
		await paidIn('2025-03-31T23:59:59Z', starter); // 39 800
		await paidIn('2025-02-28T23:59:59Z'); // February: not counted
		const partly = await paidIn('2025-02-15T12:00:00Z'); // paid in February, refunded in March
		await db.insert(refunds).values({
			id: 're_march',
			orderId: partly.orderId,
			amount: 10_000,
			currency: 'usd',
			createdAt: new Date('2025-03-02T00:00:00Z')
		});
		// A full refund recorded on the order only (no `refunds` row) counts on its date.
		const full = await paidIn('2025-03-05T00:00:00Z');
		await refundOrder(db, { paymentIntentId: full.paymentIntentId });
		await db
			.update(orders)
			.set({ refundedAt: new Date('2025-03-20T00:00:00Z') })
			.where(eq(orders.id, full.orderId));
		const euro = await paidIn('2025-03-10T00:00:00Z');
		await db.update(orders).set({ currency: 'eur' }).where(eq(orders.id, euro.orderId));

		const march = calendarMonth(new Date('2025-03-15T00:00:00Z'), 'UTC');
		expect(await netRevenue(db, { ...march, currency: 'usd' })).toBe(
			49_900 + 39_800 + 49_900 - 10_000 - 49_900
		);
	});

	it('announces each target once per admin when 20 concurrent sales cross it', async () => {
		const { db } = database();
		const sales = [];
		for (let i = 0; i < 20; i++) sales.push(await pendingOrder(db, [professional]));
		const crossed = await Promise.all(
			sales.map(async (sale) => {
				await fulfillOrder(db, {
					paymentIntentId: sale.paymentIntentId,
					amountReceived: sale.amount,
					currency: 'usd'
				});
				return checkMilestones(db, options);
			})
		);
		// 20 × $499 = $9,980: past $1K and $5K, not $10K.
		expect(crossed.flat().sort((a, b) => a - b)).toEqual([100_000, 500_000]);
		const mail = (await listMailbox(db, { outboxKey })).filter((m) =>
			m.subject.startsWith('Milestone:')
		);
		expect(mail.map((m) => `${m.to} ${m.subject}`).sort()).toEqual([
			`cofounder@shop.dev Milestone: $1,000 in ${calendarMonth(new Date(), 'UTC').month}`,
			`cofounder@shop.dev Milestone: $5,000 in ${calendarMonth(new Date(), 'UTC').month}`,
			`founder@shop.dev Milestone: $1,000 in ${calendarMonth(new Date(), 'UTC').month}`,
			`founder@shop.dev Milestone: $5,000 in ${calendarMonth(new Date(), 'UTC').month}`
		]);
		expect(await checkMilestones(db, options)).toEqual([]);

		const progress = await milestoneProgress(db, options);
		expect(progress.net).toBe(998_000);
		expect(progress.targets.map(({ amount, percent }) => [amount, percent])).toEqual([
			[100_000, 100],
			[500_000, 100],
			[1_000_000, 99]
		]);
		expect(progress.targets.map((target) => target.crossedAt !== null)).toEqual([
			true,
			true,
			false
		]);
	});

	it('keeps a crossed target crossed after a refund takes the month back under it', async () => {
		const { db } = database();
		const [row] = await db
			.select({ net: revenueMilestones.netAtCrossing })
			.from(revenueMilestones)
			.where(eq(revenueMilestones.amount, 500_000));
		expect(row?.net).toBeGreaterThanOrEqual(500_000);
		await db.execute(
			sql`update orders set status = 'refunded', refunded_at = now() where status = 'paid' and paid_at >= now() - interval '1 hour'`
		);
		const progress = await milestoneProgress(db, options);
		expect(progress.net).toBe(0);
		expect(progress.targets[1]?.crossedAt).not.toBeNull();
		expect(progress.targets[1]?.percent).toBe(0);
	});
});
