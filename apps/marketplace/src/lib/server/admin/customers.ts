import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '../db/index.js';
import { authUser, customers, orders, refunds } from '../db/schema.js';
import type { OutboxKey } from '../outbox-cipher.js';

/** The search form (a GET): free text matched against emails and names, and the page number. */
export const customerSearchSchema = z.object({
	q: z.string().trim().max(200).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export const CUSTOMERS_PAGE_SIZE = 25;

/**
 * What an admin's form that mails a customer (a manual order, a receipt sent again) takes: who
 * acts, the form as submitted (validated by the action), and what the queued mail needs.
 */
export interface CustomerMailAction {
	actor: string;
	input: unknown;
	outboxKey: OutboxKey;
	/** The origin that mailed links point to. */
	origin: string;
}

/** One person in the list: buyers (`customers`) and accounts (`auth_user`) merged by email. */
export interface CustomerListRow {
	/** What /admin/customers/[id] takes: the buyer's `cus_…` id, else the account's id. */
	key: string;
	email: string;
	name: string | null;
	/** Paid and refunded orders. */
	orders: number;
	/** What they paid net of refunds, per currency, in minor units. */
	spent: { currency: string; amount: number }[];
	hasAccount: boolean;
}

// `%`, `_` and `\` typed in the box are searched for, not used as wildcards.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of customers matching `q` (email or name, case-insensitive), most recent buyers first.
 * @example const { rows, total } = await searchCustomers(db, { q: 'ann', page: 1 });
 */
export async function searchCustomers(
	db: Db,
	{ q, page, pageSize = CUSTOMERS_PAGE_SIZE }: { q: string; page: number; pageSize?: number }
): Promise<{ rows: CustomerListRow[]; total: number }> {
	const match = q
		? sql`where p.email ilike ${likePattern(q)} or u.name ilike ${likePattern(q)}`
		: sql``;
	const people = await queryRows<{
		email: string;
		customer_id: string | null;
		user_id: string | null;
		name: string | null;
		orders: number;
		total: number;
	}>(
		db,
		sql`with people as (
				select email from ${customers}
				union
				select lower(email) from ${authUser}
			)
			select p.email, c.id as customer_id, u.id as user_id, u.name,
				(select count(*) from ${orders} o
					where o.customer_id = c.id and o.status in ('paid', 'refunded'))::int as orders,
				(select max(o.created_at) from ${orders} o where o.customer_id = c.id) as last_order,
				(count(*) over ())::int as total
			from people p
			left join ${customers} c on c.email = p.email
			left join ${authUser} u on lower(u.email) = p.email
			${match}
			order by last_order desc nulls last, p.email
			limit ${pageSize} offset ${(page - 1) * pageSize}`
	);
	const spent = await spentBy(
		db,
		people.flatMap((person) => (person.customer_id ? [person.customer_id] : []))
	);
	return {
		total: Number(people[0]?.total ?? 0),
		rows: people.map((person) => ({
			key: person.customer_id ?? person.user_id ?? person.email,
			email: person.email,
			name: person.name || null,
			orders: Number(person.orders),
			spent: spent.get(person.customer_id ?? '') ?? [],
			hasAccount: person.user_id !== null
		}))
	};
}

/** Net paid per customer and currency: paid orders less their refunds; refunded orders count 0. */
async function spentBy(
	db: Db,
	customerIds: string[]
): Promise<Map<string, { currency: string; amount: number }[]>> {
	const byCustomer = new Map<string, { currency: string; amount: number }[]>();
	if (customerIds.length === 0) return byCustomer;
	// Raw SQL with aliases: the refunds subquery must name the outer order unambiguously.
	const rows = await queryRows<{ customer_id: string; currency: string; amount: number }>(
		db,
		sql`select o.customer_id, o.currency,
				sum(o.amount - coalesce((select sum(r.amount) from ${refunds} r where r.order_id = o.id), 0))::int as amount
			from ${orders} o
			where o.status = 'paid' and o.customer_id in ${customerIds}
			group by o.customer_id, o.currency`
	);
	for (const row of rows) {
		const list = byCustomer.get(row.customer_id) ?? [];
		list.push({ currency: row.currency, amount: Number(row.amount) });
		byCustomer.set(row.customer_id, list);
	}
	return byCustomer;
}
