import { describe, expect, it } from 'vitest';
import { memoryInbox } from './inbox.js';

const event = { id: 'evt_1', type: 'payment_intent.succeeded' };

describe('memoryInbox', () => {
	it('claims an event once and reports it handled after completion', async () => {
		const inbox = memoryInbox();
		expect(await inbox.claim(event, { leaseMs: 1000 })).toBe('claimed');
		expect(await inbox.claim(event, { leaseMs: 1000 })).toBe('busy');
		await inbox.complete(event.id);
		expect(await inbox.claim(event, { leaseMs: 1000 })).toBe('handled');
	});

	it('gives a released claim to the next delivery', async () => {
		const inbox = memoryInbox();
		await inbox.claim(event, { leaseMs: 60_000 });
		await inbox.release(event.id, 'Error: boom');
		expect(await inbox.claim(event, { leaseMs: 60_000 })).toBe('claimed');
	});

	it('lets a new delivery take over once the lease expires', async () => {
		let now = 1_000;
		const inbox = memoryInbox({ now: () => now });
		await inbox.claim(event, { leaseMs: 500 });
		now = 1_499;
		expect(await inbox.claim(event, { leaseMs: 500 })).toBe('busy');
		now = 1_500;
		expect(await inbox.claim(event, { leaseMs: 500 })).toBe('claimed');
	});

	it('ignores a late release of an event that was completed meanwhile', async () => {
		const inbox = memoryInbox();
		await inbox.claim(event, { leaseMs: 1000 });
		await inbox.complete(event.id);
		await inbox.release(event.id, 'Error: timed out');
		expect(await inbox.claim(event, { leaseMs: 1000 })).toBe('handled');
	});

	it('hands exactly one of many concurrent claims', async () => {
		const inbox = memoryInbox();
		const results = await Promise.all(
			Array.from({ length: 50 }, () => inbox.claim(event, { leaseMs: 1000 }))
		);
		expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
		expect(results.filter((result) => result === 'busy')).toHaveLength(49);
	});

	it('forgets handled events after retainMs, and only those', async () => {
		let now = 0;
		const inbox = memoryInbox({ now: () => now, retainMs: 1000 });
		await inbox.claim({ id: 'evt_old', type: 'x' }, { leaseMs: 10 });
		await inbox.complete('evt_old');
		await inbox.claim({ id: 'evt_running', type: 'x' }, { leaseMs: 10_000 });
		now = 1001;
		// Enough claims to trigger a sweep.
		for (let i = 0; i < 1024; i++)
			await inbox.claim({ id: `evt_${i}`, type: 'x' }, { leaseMs: 10 });
		expect(await inbox.claim({ id: 'evt_old', type: 'x' }, { leaseMs: 10 })).toBe('claimed');
		expect(await inbox.claim({ id: 'evt_running', type: 'x' }, { leaseMs: 10 })).toBe('busy');
	});

	it('still remembers a handled event inside retainMs', async () => {
		let now = 0;
		const inbox = memoryInbox({ now: () => now, retainMs: 1000 });
		await inbox.claim({ id: 'evt_recent', type: 'x' }, { leaseMs: 10 });
		await inbox.complete('evt_recent');
		now = 999;
		for (let i = 0; i < 1024; i++)
			await inbox.claim({ id: `evt_${i}`, type: 'x' }, { leaseMs: 10 });
		expect(await inbox.claim({ id: 'evt_recent', type: 'x' }, { leaseMs: 10 })).toBe('handled');
	});
});
