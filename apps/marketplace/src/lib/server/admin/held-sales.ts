import { and, desc, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { sourceEvents } from '../db/schema.js';
import { heldOutcomes } from '../sources/record-sale.js';

/**
 * Sales from Gumroad or Lemon Squeezy that were recorded but not fulfilled (unknown product, an
 * amount or quantity the catalog does not sell), newest first, `limit` at a time; `before` is the
 * last id of the previous page. The admins were told by email; this is where they find them again.
 */
export async function listHeldSales(
	db: Db,
	{ limit = 50, before }: { limit?: number; before?: number }
) {
	return db
		.select()
		.from(sourceEvents)
		.where(
			and(
				inArray(sourceEvents.outcome, [...heldOutcomes]),
				before ? lt(sourceEvents.id, before) : undefined
			)
		)
		.orderBy(desc(sourceEvents.id))
		.limit(limit);
}
