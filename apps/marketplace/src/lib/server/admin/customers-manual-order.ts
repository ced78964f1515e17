import { formatMoney, fromMajor, money } from '@nobs-pay/svelte/server';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { bundleProducts } from '../../catalog.js';
import type { Db } from '../db/index.js';
import { orders } from '../db/schema.js';
import { createPendingOrder, fulfillOrderById } from '../orders.js';
import { recordAudit } from './audit.js';
import type { CustomerMailAction } from './customers.js';

/** The bundles a manual order can hold: their SKU, name and catalog price. */
export const manualOrderBundles = bundleProducts.flatMap((product) =>
	product.prices.map((price) => ({
		sku: price.sku,
		name: product.name,
		unitAmount: price.unitAmount,
		currency: price.currency
	}))
);

/** The manual order form. The amount is what was paid out of band, in major units ("499.00"). */
export const manualOrderSchema = z.object({
	email: z.email().max(254),
	sku: z.string().refine((sku) => manualOrderBundles.some((b) => b.sku === sku), 'Pick a bundle.'),
	projects: z.coerce.number().int().min(1).max(100),
	amount: z.string().trim().min(1).max(20),
	note: z.string().trim().min(3, 'Say where the money came from.').max(500),
	/** Generated when the form is rendered: sending it twice records one order. */
	key: z.uuid()
});

export type ManualOrderResult =
	{ ok: true; orderId: string; created: boolean } | { ok: false; error: string };

/**
 * Records a sale made outside the shop (an invoice paid by bank transfer) and fulfils it through
 * the same pipeline as a checkout: `createPendingOrder` (license key, download tokens, the sealed
 * receipt) then `fulfillOrderById` (grants, key, receipt queued). Exactly once per form key:
 * the key is the order's external id, unique with the source `manual`; a retry after a crash
 * between the two steps finishes the fulfilment instead of creating a second order.
 */
export async function recordManualOrder(
	db: Db,
	{ actor, input, outboxKey, origin }: CustomerMailAction
): Promise<ManualOrderResult> {
	const parsed = manualOrderSchema.safeParse(input);
	if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error) };
	const form = parsed.data;
	const bundle = manualOrderBundles.find((b) => b.sku === form.sku);
	if (!bundle) return { ok: false, error: 'Pick a bundle.' };
	let total: number;
	try {
		total = fromMajor({ value: form.amount, currency: bundle.currency }).amount;
	} catch (error) {
		return { ok: false, error: `The amount is not valid: ${(error as Error).message}` };
	}
	if (total < 0 || total % form.projects !== 0) {
		return { ok: false, error: 'The amount must split evenly across the projects.' };
	}

	let order = await existing(db, form.key);
	let created = false;
	if (!order) {
		try {
			const { orderId } = await createPendingOrder(
				db,
				{
					email: form.email,
					lines: [
						{
							sku: bundle.sku,
							name: bundle.name,
							unitAmount: total / form.projects,
							quantity: form.projects
						}
					],
					currency: bundle.currency,
					amount: total,
					displayTotal: formatMoney(money({ amount: total, currency: bundle.currency })),
					origin,
					source: 'manual',
					externalId: form.key
				},
				{ outboxKey }
			);
			order = { id: orderId, status: 'pending' };
			created = true;
		} catch (error) {
			// The same form sent twice at once: the unique (source, external id) let one through.
			order = await existing(db, form.key);
			if (!order) throw error;
		}
	}
	if (order.status === 'pending') {
		const orderId = order.id;
		await db.transaction(async (tx) => {
			const { outcome } = await fulfillOrderById(tx, { orderId });
			if (outcome !== 'fulfilled') return;
			await recordAudit(tx, {
				actor,
				action: 'order.manual',
				target: orderId,
				details: {
					email: form.email,
					sku: form.sku,
					projects: form.projects,
					amount: total,
					currency: bundle.currency,
					note: form.note
				}
			});
		});
	}
	return { ok: true, orderId: order.id, created };
}

async function existing(db: Db, key: string) {
	const [order] = await db
		.select({ id: orders.id, status: orders.status })
		.from(orders)
		.where(and(eq(orders.source, 'manual'), eq(orders.externalId, key)));
	return order;
}
