import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { isBundleSku } from '../bundles.js';
import type { Db } from '../db/index.js';
import { customers, downloadGrants, orderItems, orders } from '../db/schema.js';
import { DOWNLOAD_DAYS, MAX_DOWNLOADS } from '../orders.js';
import { hashToken, newAccessToken } from '../tokens.js';

/** A paid or refunded order of the signed-in email, as the account page lists it. */
export interface AccountOrder {
	id: string;
	status: 'paid' | 'refunded';
	amount: number;
	currency: string;
	paidAt: Date | null;
	/** `NOBS-ABCD…WXYZ`: the key's start and last four; the whole key is in the receipt only. */
	licenseKeyHint: string;
	items: { line: number; sku: string; name: string; quantity: number; downloadable: boolean }[];
}

/** The orders placed with an email address (compared case-insensitively), newest first. */
export async function ordersForEmail(db: Db, email: string): Promise<AccountOrder[]> {
	const rows = await db
		.select({ order: orders })
		.from(orders)
		.innerJoin(customers, eq(customers.id, orders.customerId))
		.where(
			and(eq(customers.email, email.toLowerCase()), inArray(orders.status, ['paid', 'refunded']))
		)
		.orderBy(desc(orders.paidAt));
	if (rows.length === 0) return [];
	const items = await db
		.select()
		.from(orderItems)
		.where(
			inArray(
				orderItems.orderId,
				rows.map(({ order }) => order.id)
			)
		)
		.orderBy(asc(orderItems.line));
	return rows.map(({ order }) => ({
		id: order.id,
		status: order.status as 'paid' | 'refunded',
		amount: order.amount,
		currency: order.currency,
		paidAt: order.paidAt,
		licenseKeyHint: `${order.licenseKeyPrefix}…${order.licenseKeyLast4 ?? ''}`,
		items: items
			.filter((item) => item.orderId === order.id)
			.map((item) => ({
				line: item.line,
				sku: item.sku,
				name: item.name,
				quantity: item.quantity,
				downloadable: order.status === 'paid' && isBundleSku(item.sku)
			}))
	}));
}

export type NewDownloadResult =
	{ outcome: 'issued'; token: string } | { outcome: 'not-found' | 'suspended' };

/**
 * Issues a fresh download link (7 days, 5 downloads) for a bundle line of a paid order placed
 * with `email`: the receipt's link may be spent or expired, and the account proves the address.
 * Another email's order answers `not-found`, a line whose grant was revoked (a dispute) `suspended`.
 * @example const result = await issueDownload(db, { email: user.email, orderId, line: 0 });
 */
export async function issueDownload(
	db: Db,
	input: { email: string; orderId: string; line: number }
): Promise<NewDownloadResult> {
	const [item] = await db
		.select({ sku: orderItems.sku })
		.from(orderItems)
		.innerJoin(orders, eq(orders.id, orderItems.orderId))
		.innerJoin(customers, eq(customers.id, orders.customerId))
		.where(
			and(
				eq(orders.id, input.orderId),
				eq(orderItems.line, input.line),
				eq(orders.status, 'paid'),
				eq(customers.email, input.email.toLowerCase())
			)
		);
	if (!item || !isBundleSku(item.sku)) return { outcome: 'not-found' };
	const [revoked] = await db
		.select({ id: downloadGrants.id })
		.from(downloadGrants)
		.where(
			and(
				eq(downloadGrants.orderId, input.orderId),
				eq(downloadGrants.bundleSku, item.sku),
				isNotNull(downloadGrants.revokedAt)
			)
		)
		.limit(1);
	if (revoked) return { outcome: 'suspended' };
	const token = newAccessToken();
	await db.insert(downloadGrants).values({
		orderId: input.orderId,
		tokenHash: hashToken(token),
		bundleSku: item.sku,
		expiresAt: sql`now() + make_interval(days => ${DOWNLOAD_DAYS})`,
		maxDownloads: MAX_DOWNLOADS
	});
	return { outcome: 'issued', token };
}
