import { expect, it } from 'vitest';
import { sourceEvents } from '../db/schema.js';
import { describeEachDriver } from '../testing/databases.js';
import { listHeldSales } from './held-sales.js';

describeEachDriver('held sales', (database) => {
	it('lists only the sales held for a human, newest first, a page at a time', async () => {
		const { db } = database();
		const outcomes = [
			'fulfilled',
			'amount-mismatch',
			'replay',
			'unknown-product',
			'refunded',
			'quantity-out-of-range'
		];
		for (const [index, outcome] of outcomes.entries()) {
			await db.insert(sourceEvents).values({
				source: 'gumroad',
				event: 'sale',
				externalId: `held-${index}`,
				outcome,
				detail: { email: `buyer${index}@example.com` }
			});
		}

		const all = await listHeldSales(db, { limit: 10 });
		expect(all.map((row) => row.externalId)).toEqual(['held-5', 'held-3', 'held-1']);

		const first = await listHeldSales(db, { limit: 2 });
		expect(first.map((row) => row.outcome)).toEqual(['quantity-out-of-range', 'unknown-product']);
		const next = await listHeldSales(db, { limit: 2, before: first.at(-1)?.id });
		expect(next.map((row) => row.outcome)).toEqual(['amount-mismatch']);
	});
});
