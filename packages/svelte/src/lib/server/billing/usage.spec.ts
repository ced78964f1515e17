import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { memoryUsageStore } from './memory-stores.js';
import { flushUsage, recordUsage, usageByDay } from './usage.js';

// The sandbox does not serve billing.meterEvents yet: a typed fake of the one call we make.
function fakeMeterEvents(failures: number) {
	const received: Stripe.Billing.MeterEventCreateParams[] = [];
	let remaining = failures;
	const create = vi.fn<Stripe['billing']['meterEvents']['create']>(async (params) => {
		if (remaining-- > 0) throw new Error('Stripe is unavailable');
		received.push(params);
		return {} as Stripe.Response<Stripe.Billing.MeterEvent>;
	});
	return { stripe: { billing: { meterEvents: { create } } } as unknown as Stripe, received };
}

const day = (date: string) => Date.parse(`${date}T12:00:00Z`) / 1000;

describe('recordUsage', () => {
	it('counts an identifier once and totals usage by UTC day', async () => {
		const store = memoryUsageStore();
		const base = { store, customer: 'cus_1', meter: 'api_requests' };
		expect(
			await recordUsage({ ...base, quantity: 2, identifier: 'req_1', timestamp: day('2026-03-01') })
		).toBe(true);
		expect(
			await recordUsage({ ...base, quantity: 2, identifier: 'req_1', timestamp: day('2026-03-01') })
		).toBe(false);
		await recordUsage({ ...base, quantity: 5, identifier: 'req_2', timestamp: day('2026-03-03') });
		await recordUsage({
			...base,
			meter: 'storage',
			quantity: 9,
			identifier: 'req_3',
			timestamp: day('2026-03-03')
		});

		const days = await usageByDay({ ...base, from: day('2026-03-01'), to: day('2026-03-03') });
		expect(days).toEqual([
			{ day: '2026-03-01', quantity: 2 },
			{ day: '2026-03-02', quantity: 0 },
			{ day: '2026-03-03', quantity: 5 }
		]);
	});

	it('refuses a zero or fractional quantity and a customer that is not a Stripe id', async () => {
		const store = memoryUsageStore();
		const base = { store, meter: 'api_requests', identifier: 'req_1' };
		await expect(recordUsage({ ...base, customer: 'cus_1', quantity: 0 })).rejects.toThrow();
		await expect(recordUsage({ ...base, customer: 'cus_1', quantity: 1.5 })).rejects.toThrow();
		await expect(recordUsage({ ...base, customer: 'acct_1', quantity: 1 })).rejects.toThrow();
		expect(store.outbox).toBe(0);
	});
});

describe('flushUsage', () => {
	it('reports each identifier to Stripe once, with its identifier, timestamp and customer', async () => {
		const store = memoryUsageStore();
		const { stripe, received } = fakeMeterEvents(0);
		const base = { store, customer: 'cus_1', meter: 'api_requests', timestamp: 1_800_000_000 };
		await recordUsage({ ...base, quantity: 3, identifier: 'req_1' });
		await recordUsage({ ...base, quantity: 3, identifier: 'req_1' });

		expect(await flushUsage({ stripe, store })).toEqual({ reported: 1, failed: 0 });
		expect(await flushUsage({ stripe, store })).toEqual({ reported: 0, failed: 0 });
		expect(received).toEqual([
			{
				event_name: 'api_requests',
				identifier: 'req_1',
				timestamp: 1_800_000_000,
				payload: { stripe_customer_id: 'cus_1', value: '3' }
			}
		]);
	});

	it('keeps a failed event queued and retries it after a growing delay', async () => {
		let clock = 1_000_000;
		const now = () => clock;
		const store = memoryUsageStore();
		const { stripe, received } = fakeMeterEvents(2);
		const onError = vi.fn();
		await recordUsage({ store, customer: 'cus_1', meter: 'm', quantity: 1, identifier: 'req_1' });

		expect(await flushUsage({ stripe, store, now, onError })).toEqual({ reported: 0, failed: 1 });
		expect(onError).toHaveBeenCalledWith(expect.any(Error), 'req_1');
		// Not due yet: nothing is sent.
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 0, failed: 0 });
		clock += 5_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 0, failed: 1 });
		clock += 5_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 0, failed: 0 });
		clock += 25_000;
		expect(await flushUsage({ stripe, store, now })).toEqual({ reported: 1, failed: 0 });
		expect(received.map((event) => event.identifier)).toEqual(['req_1']);
		expect(store.outbox).toBe(0);
	});

	it('never hands one event to two flushers at once', async () => {
		const store = memoryUsageStore();
		const { stripe, received } = fakeMeterEvents(0);
		for (let i = 0; i < 10; i++) {
			await recordUsage({
				store,
				customer: 'cus_1',
				meter: 'm',
				quantity: 1,
				identifier: `req_${i}`
			});
		}
		const results = await Promise.all([
			flushUsage({ stripe, store }),
			flushUsage({ stripe, store })
		]);
		expect(results[0]!.reported + results[1]!.reported).toBe(10);
		expect(new Set(received.map((event) => event.identifier)).size).toBe(10);
		expect(received).toHaveLength(10);
	});
});
