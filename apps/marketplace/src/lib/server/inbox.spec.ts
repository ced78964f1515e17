import { eq, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { stripeEvents } from './db/schema.js';
import { postgresInbox } from './inbox.js';
import { describeEachDriver } from './testing/databases.js';

const newEvent = () => ({
	id: `evt_${randomBytes(8).toString('hex')}`,
	type: 'payment_intent.succeeded'
});
const lease = { leaseMs: 60_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDriver('postgresInbox', (database) => {
	it('claims a new event once; a second delivery during the lease is busy', async () => {
		const inbox = postgresInbox(database().db);
		const event = newEvent();
		expect(await inbox.claim(event, lease)).toBe('claimed');
		expect(await inbox.claim(event, lease)).toBe('busy');
	});

	it('answers handled after complete, for ever', async () => {
		const { db } = database();
		const inbox = postgresInbox(db);
		const event = newEvent();
		await inbox.claim(event, lease);
		await inbox.complete(event.id);
		expect(await inbox.claim(event, lease)).toBe('handled');
		expect(await inbox.claim(event, { leaseMs: 0 })).toBe('handled');
		const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
		expect(row).toMatchObject({ status: 'handled', type: 'payment_intent.succeeded' });
		expect(row?.handledAt).toBeInstanceOf(Date);
	});

	it('lets a retry claim a released event at once, and keeps the error', async () => {
		const { db } = database();
		const inbox = postgresInbox(db);
		const event = newEvent();
		await inbox.claim(event, lease);
		await inbox.release(event.id, 'database timeout');
		const [released] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
		expect(released).toMatchObject({ status: 'pending', lastError: 'database timeout' });
		expect(await inbox.claim(event, lease)).toBe('claimed');
		const [row] = await db.select().from(stripeEvents).where(eq(stripeEvents.id, event.id));
		expect(row?.attempts).toBe(2);
	});

	it('lets another worker take over an event whose lease expired', async () => {
		const { db } = database();
		const inbox = postgresInbox(db);
		const event = newEvent();
		// A claim whose holder died: written as claim() does, but no heartbeat renews it. Two
		// seconds, so a loaded machine cannot let it expire before the first claim below.
		const written = Date.now();
		await db.insert(stripeEvents).values({
			...event,
			lockedUntil: sql`clock_timestamp() + make_interval(secs => 2)`
		});
		expect(await inbox.claim(event, lease)).toBe('busy');
		// Polled until the lease ends, then claimed once.
		let claim = await inbox.claim(event, lease);
		while (claim === 'busy' && Date.now() - written < 30_000) {
			await sleep(100);
			claim = await inbox.claim(event, lease);
		}
		expect(claim).toBe('claimed');
		expect(Date.now() - written).toBeGreaterThanOrEqual(1_900);
	});

	it('renews the lease while the handler runs, so a slow handler is never run twice', async () => {
		const inbox = postgresInbox(database().db);
		const event = newEvent();
		expect(await inbox.claim(event, { leaseMs: 400 })).toBe('claimed');
		await sleep(1_200);
		expect(await postgresInbox(database().db).claim(event, lease)).toBe('busy');
		await inbox.complete(event.id);
		expect(await inbox.claim(event, lease)).toBe('handled');
	});

	it('gives exactly one of 20 concurrent deliveries the claim', async () => {
		const inbox = postgresInbox(database().db);
		const event = newEvent();
		const results = await Promise.all(Array.from({ length: 20 }, () => inbox.claim(event, lease)));
		expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
		expect(results.filter((result) => result === 'busy')).toHaveLength(19);
	});

	it('does not reopen a handled event on release', async () => {
		const inbox = postgresInbox(database().db);
		const event = newEvent();
		await inbox.claim(event, lease);
		await inbox.complete(event.id);
		await inbox.release(event.id, 'late failure report');
		expect(await inbox.claim(event, lease)).toBe('handled');
	});
});
