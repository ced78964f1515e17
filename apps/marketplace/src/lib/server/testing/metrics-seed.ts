import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import { customers, orderItems, orders, refunds, type OrderSource } from '../db/schema.js';
import type { StoredSubscription } from '../accounts/billing-stores.js';

/** Rows for the analytics tests, written directly with the dates a test needs. */

const hex = () => randomBytes(12).toString('hex');

export interface SeedOrder {
	paidAt: Date | null;
	lines: { sku: string; unitAmount: number; quantity?: number }[];
	source?: OrderSource;
	currency?: string;
	status?: 'pending' | 'paid' | 'refunded';
}

/** A paid order (or as told) with its lines; its amount is the lines' sum. Returns its id. */
export async function seedOrder(db: Db, order: SeedOrder): Promise<string> {
	const id = `ord_${hex()}`;
	const customerId = `cus_${hex()}`;
	const email = `${customerId}@example.com`;
	await db.insert(customers).values({ id: customerId, email });
	const amount = order.lines.reduce((sum, line) => sum + line.unitAmount * (line.quantity ?? 1), 0);
	await db.insert(orders).values({
		id,
		customerId,
		accessTokenHash: hex(),
		licenseKeyHash: hex(),
		licenseKeyPrefix: 'NOBS-TEST',
		status: order.status ?? (order.paidAt ? 'paid' : 'pending'),
		amount,
		currency: order.currency ?? 'usd',
		email,
		source: order.source ?? 'stripe',
		externalId: order.source && order.source !== 'stripe' ? hex() : null,
		paidAt: order.paidAt
	});
	await db.insert(orderItems).values(
		order.lines.map((line, index) => ({
			orderId: id,
			line: index,
			sku: line.sku,
			name: line.sku,
			unitAmount: line.unitAmount,
			quantity: line.quantity ?? 1
		}))
	);
	return id;
}

export async function seedRefund(
	db: Db,
	refund: { orderId: string; amount: number; at: Date; currency?: string }
): Promise<void> {
	await db.insert(refunds).values({
		id: `re_${hex()}`,
		orderId: refund.orderId,
		amount: refund.amount,
		currency: refund.currency ?? 'usd',
		createdAt: refund.at
	});
}

/** A stored subscription row as the projection holds it. */
export function storedSubscription(
	fields: Pick<StoredSubscription, 'id' | 'customerId' | 'status' | 'priceId'> &
		Partial<StoredSubscription>
): StoredSubscription {
	return {
		quantity: 1,
		currentPeriodStart: null,
		currentPeriodEnd: null,
		cancelAtPeriodEnd: false,
		cancelAt: null,
		canceledAt: null,
		trialEnd: null,
		pastDueSince: null,
		planVersion: 0,
		updatedAt: new Date(),
		...fields
	};
}
