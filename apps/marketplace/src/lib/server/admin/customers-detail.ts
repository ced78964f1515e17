import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import {
	adminAuditLog,
	authUser,
	billingCustomers,
	customers,
	disputes,
	downloadGrants,
	licenseKeys,
	orderItems,
	orders,
	planPrices,
	refunds,
	subscriptions
} from '../db/schema.js';
import { buildTimeline, type TimelineEvent } from './customers-timeline.js';

export type GrantState = 'active' | 'expired' | 'exhausted' | 'revoked';

export interface CustomerOrder {
	id: string;
	source: string;
	externalId: string | null;
	status: string;
	amount: number;
	currency: string;
	refunded: number;
	createdAt: Date;
	paidAt: Date | null;
	refundedAt: Date | null;
	items: { name: string; sku: string; quantity: number; unitAmount: number }[];
	refunds: { id: string; amount: number; reason: string | null; createdAt: Date }[];
	/** `NOBS-ABCD…WXYZ`: never the whole key, which only the buyer holds. */
	licenseKey: { hint: string; revokedAt: Date | null; activations: number } | null;
	grants: {
		id: number;
		bundleSku: string;
		downloads: number;
		maxDownloads: number;
		expiresAt: Date;
		revokedAt: Date | null;
		createdAt: Date;
		state: GrantState;
	}[];
	disputes: {
		id: string;
		amount: number;
		reason: string | null;
		status: string;
		createdAt: Date;
	}[];
}

export interface CustomerDetail {
	key: string;
	email: string;
	name: string | null;
	customerId: string | null;
	account: { id: string; createdAt: Date } | null;
	orders: CustomerOrder[];
	subscriptions: {
		id: string;
		status: string;
		productId: string | null;
		quantity: number;
		currentPeriodEnd: Date | null;
		cancelAtPeriodEnd: boolean;
	}[];
	timeline: TimelineEvent[];
}

/** Whom a page key names: a buyer (`cus_…`) or an account (its user id); `undefined` if nobody. */
async function whom(db: Db, key: string) {
	const [buyer] = key.startsWith('cus_')
		? await db.select().from(customers).where(eq(customers.id, key))
		: [];
	const [byId] = buyer ? [] : await db.select().from(authUser).where(eq(authUser.id, key));
	const email = buyer?.email ?? byId?.email.toLowerCase();
	if (!email) return undefined;
	const [user] = byId
		? [byId]
		: await db
				.select()
				.from(authUser)
				.where(sql`lower(${authUser.email}) = ${email}`);
	const [customer] = buyer
		? [buyer]
		: await db.select().from(customers).where(eq(customers.email, email));
	return { email, customer, user };
}

const grantState = (
	grant: { revokedAt: Date | null; expiresAt: Date; downloads: number; maxDownloads: number },
	now: number
): GrantState =>
	grant.revokedAt
		? 'revoked'
		: grant.expiresAt.getTime() <= now
			? 'expired'
			: grant.downloads >= grant.maxDownloads
				? 'exhausted'
				: 'active';

/**
 * Everything the customer page shows about one person: their orders (with items, refunds, license
 * key hint, download grants and disputes), their account's subscriptions, and a timeline.
 * @example const customer = await loadCustomer(db, params.id); if (!customer) error(404);
 */
export async function loadCustomer(db: Db, key: string): Promise<CustomerDetail | undefined> {
	if (key.length > 100) return undefined;
	const person = await whom(db, key);
	if (!person) return undefined;
	const { email, customer, user } = person;

	const orderRows = customer
		? await db
				.select()
				.from(orders)
				.where(eq(orders.customerId, customer.id))
				.orderBy(desc(orders.createdAt))
		: [];
	const ids = orderRows.map((order) => order.id);
	const ofOrders = <T>(load: (ids: string[]) => Promise<T[]>) =>
		ids.length ? load(ids) : Promise.resolve([] as T[]);
	const [items, refundRows, keys, grants, disputeRows, audit] = await Promise.all([
		ofOrders((ids) =>
			db
				.select()
				.from(orderItems)
				.where(inArray(orderItems.orderId, ids))
				.orderBy(asc(orderItems.line))
		),
		ofOrders((ids) =>
			db.select().from(refunds).where(inArray(refunds.orderId, ids)).orderBy(asc(refunds.createdAt))
		),
		ofOrders((ids) => db.select().from(licenseKeys).where(inArray(licenseKeys.orderId, ids))),
		ofOrders((ids) =>
			db
				.select()
				.from(downloadGrants)
				.where(inArray(downloadGrants.orderId, ids))
				.orderBy(asc(downloadGrants.id))
		),
		ofOrders((ids) => db.select().from(disputes).where(inArray(disputes.orderId, ids))),
		db
			.select()
			.from(adminAuditLog)
			.where(
				or(
					ids.length ? inArray(adminAuditLog.target, ids) : undefined,
					eq(adminAuditLog.target, key),
					eq(adminAuditLog.target, email)
				)
			)
			.orderBy(desc(adminAuditLog.id))
			.limit(200)
	]);

	const now = Date.now();
	const customerOrders: CustomerOrder[] = orderRows.map((order) => {
		const license = keys.find((k) => k.orderId === order.id);
		const orderRefunds = refundRows.filter((r) => r.orderId === order.id);
		return {
			id: order.id,
			source: order.source,
			externalId: order.externalId,
			status: order.status,
			amount: order.amount,
			currency: order.currency,
			refunded: orderRefunds.reduce((sum, r) => sum + r.amount, 0),
			createdAt: order.createdAt,
			paidAt: order.paidAt,
			refundedAt: order.refundedAt,
			items: items
				.filter((item) => item.orderId === order.id)
				.map(({ name, sku, quantity, unitAmount }) => ({ name, sku, quantity, unitAmount })),
			refunds: orderRefunds.map(({ id, amount, reason, createdAt }) => ({
				id,
				amount,
				reason,
				createdAt
			})),
			licenseKey: license
				? {
						hint: `${order.licenseKeyPrefix}…${order.licenseKeyLast4 ?? ''}`,
						revokedAt: license.revokedAt,
						activations: license.activations
					}
				: null,
			grants: grants
				.filter((grant) => grant.orderId === order.id)
				.map((grant) => ({
					id: grant.id,
					bundleSku: grant.bundleSku,
					downloads: grant.downloads,
					maxDownloads: grant.maxDownloads,
					expiresAt: grant.expiresAt,
					revokedAt: grant.revokedAt,
					createdAt: grant.createdAt,
					state: grantState(grant, now)
				})),
			disputes: disputeRows
				.filter((dispute) => dispute.orderId === order.id)
				.map(({ id, amount, reason, status, createdAt }) => ({
					id,
					amount,
					reason,
					status,
					createdAt
				}))
		};
	});

	return {
		key,
		email,
		name: user?.name || null,
		customerId: customer?.id ?? null,
		account: user ? { id: user.id, createdAt: user.createdAt } : null,
		orders: customerOrders,
		subscriptions: user ? await subscriptionsOf(db, user.id) : [],
		timeline: buildTimeline({ orders: customerOrders, audit })
	};
}

/** The subscriptions of the account, through its Stripe customer. */
async function subscriptionsOf(db: Db, accountId: string) {
	return db
		.select({
			id: subscriptions.id,
			status: subscriptions.status,
			productId: planPrices.productId,
			quantity: subscriptions.quantity,
			currentPeriodEnd: subscriptions.currentPeriodEnd,
			cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd
		})
		.from(subscriptions)
		.innerJoin(
			billingCustomers,
			and(
				eq(billingCustomers.stripeCustomerId, subscriptions.customerId),
				eq(billingCustomers.accountId, accountId)
			)
		)
		.leftJoin(planPrices, eq(planPrices.stripePriceId, subscriptions.priceId))
		.orderBy(desc(subscriptions.updatedAt));
}
