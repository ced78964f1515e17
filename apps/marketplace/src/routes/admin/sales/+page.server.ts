import { z } from 'zod';
import { listHeldSales } from '$lib/server/admin/held-sales';
import { getServices } from '$lib/server/services';
import {
	heldReasons,
	sourceNames,
	type HeldOutcome,
	type SaleSource
} from '$lib/server/sources/record-sale';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const query = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });
const amount = z.object({ amount: z.number(), currency: z.string() });
/** What `recordSale` stored with the sale; read defensively, since rows outlive code. */
const detail = z.object({
	product: z.string().catch('?'),
	quantity: z.number().catch(0),
	paid: amount.nullable().catch(null),
	expected: amount.nullable().catch(null),
	email: z.string().catch(''),
	test: z.boolean().catch(false)
});

export const load: PageServerLoad = async ({ url }) => {
	const { database } = await getServices();
	const { before } = query.parse(Object.fromEntries(url.searchParams));
	const rows = await listHeldSales(database.db, { limit: PAGE_SIZE + 1, before });
	return {
		sales: rows.slice(0, PAGE_SIZE).map((row) => ({
			id: row.id,
			platform: row.source in sourceNames ? sourceNames[row.source as SaleSource] : row.source,
			externalId: row.externalId,
			reason: heldReasons[row.outcome as HeldOutcome],
			receivedAt: row.receivedAt.toISOString(),
			...detail.parse(row.detail)
		})),
		older: rows.length > PAGE_SIZE ? (rows[PAGE_SIZE - 1]?.id ?? null) : null
	};
};
