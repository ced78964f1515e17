import { formatMoney, money } from '@nobs-pay/svelte/server';
import { and, eq, sql } from 'drizzle-orm';
import { notifyAdmins } from '../admin/notify.js';
import type { Db } from '../db/index.js';
import { orders, refunds, sourceEvents } from '../db/schema.js';
import { createPendingOrder, fulfillOrderById, refundOrder } from '../orders.js';
import type { OutboxKey } from '../outbox-cipher.js';
import type { MappedPrice } from './product-map.js';

/** The platforms whose sales become orders here. */
export type SaleSource = 'gumroad' | 'lemonsqueezy';

export const sourceNames: Record<SaleSource, string> = {
	gumroad: 'Gumroad',
	lemonsqueezy: 'Lemon Squeezy'
};

/** What the shop needs to turn other platforms' sales into orders. */
export interface SourceContext {
	db: Db;
	outboxKey: OutboxKey;
	/** The shop's origin, for the receipt's links. */
	origin: string;
	/** Told when a sale is held for a human (`ADMIN_EMAILS`). */
	adminEmails: ReadonlySet<string>;
	/** Called after mail was queued (a receipt, a notice to the admins), e.g. to send it now. */
	onQueued?: () => void | Promise<void>;
	/** @default console.warn */
	warn?: (message: string, detail: Record<string, unknown>) => void;
}

/** A sale as a platform reported it, once its authenticity was checked. */
export interface PlatformSale {
	source: SaleSource;
	/** The platform's event (`sale`, `order_created`), for the log. */
	event: string;
	externalId: string;
	email: string;
	/** The platform's product (or variant) as it named it, for the log. */
	product: string;
	/** The catalog price it maps to; undefined for a product the shop does not map. */
	price: MappedPrice | undefined;
	quantity: number;
	/** What the platform says was paid for the product, before tax, in minor units. */
	paid: { amount: number; currency: string };
	test: boolean;
}

/** Why a sale was recorded but not fulfilled. */
export const heldOutcomes = [
	'unknown-product',
	'amount-mismatch',
	'quantity-out-of-range'
] as const;
export type HeldOutcome = (typeof heldOutcomes)[number];
export type SaleOutcome = 'fulfilled' | 'replay' | HeldOutcome;

/**
 * Turns a platform's sale into an order of the catalog, fulfilled by the same statement as a Stripe
 * payment (license key, download grants, receipt), exactly once per sale: the order is unique per
 * (source, external id), and fulfilment is conditional on the order being unpaid, so replays and
 * concurrent deliveries change nothing. A sale that does not match the catalog (unknown product,
 * another price or currency, a quantity the catalog does not sell) is recorded and the admins are
 * told; it is never fulfilled as something else. Every call leaves one row in `source_events`.
 */
export async function recordSale(context: SourceContext, sale: PlatformSale): Promise<SaleOutcome> {
	const { db } = context;
	const detail = saleDetail(sale);
	const held = checkAgainstCatalog(sale);
	if (held || !sale.price) {
		const outcome: HeldOutcome = held ?? 'unknown-product';
		await db.transaction(async (tx) => {
			await tx.insert(sourceEvents).values({ ...eventOf(sale), outcome, detail });
			await notifyAdmins(
				tx,
				{ emails: context.adminEmails, outboxKey: context.outboxKey },
				{
					cause: `source:${sale.source}:${sale.externalId}:${outcome}`,
					kind: 'source_sale_held',
					content: heldNotice(sale, outcome, context.origin)
				}
			);
		});
		(context.warn ?? console.warn)(`${sourceNames[sale.source]} sale held: ${outcome}`, detail);
		await context.onQueued?.();
		return outcome;
	}

	const orderId = await findOrCreateOrder(context, sale, sale.price);
	const result = await fulfillOrderById(db, { orderId });
	const outcome = result.outcome === 'fulfilled' ? 'fulfilled' : 'replay';
	await db.insert(sourceEvents).values({ ...eventOf(sale), outcome, orderId, detail });
	if (outcome === 'fulfilled') await context.onQueued?.();
	return outcome;
}

function checkAgainstCatalog(sale: PlatformSale): HeldOutcome | undefined {
	const { price } = sale;
	if (!price) return 'unknown-product';
	if (sale.quantity < 1 || sale.quantity > price.maxQuantity) return 'quantity-out-of-range';
	if (
		sale.paid.currency !== price.currency ||
		sale.paid.amount !== price.unitAmount * sale.quantity
	) {
		return 'amount-mismatch';
	}
	return undefined;
}

/** The sale's order: the one an earlier delivery created, or a new pending one priced from the catalog. */
async function findOrCreateOrder(
	context: SourceContext,
	sale: PlatformSale,
	price: MappedPrice
): Promise<string> {
	const existing = await findOrder(context.db, sale.source, sale.externalId);
	if (existing) return existing;
	const amount = price.unitAmount * sale.quantity;
	try {
		const { orderId } = await createPendingOrder(
			context.db,
			{
				email: sale.email,
				lines: [
					{
						sku: price.sku,
						name: price.name,
						unitAmount: price.unitAmount,
						quantity: sale.quantity
					}
				],
				currency: price.currency,
				amount,
				displayTotal: formatMoney(money({ amount, currency: price.currency }), { locale: 'en-US' }),
				origin: context.origin,
				source: sale.source,
				externalId: sale.externalId
			},
			{ outboxKey: context.outboxKey }
		);
		// The access token is not kept: the receipt (sealed in the outbox) is the buyer's only copy.
		return orderId;
	} catch (error) {
		// A concurrent delivery of the same sale created it first: the unique (source, external id).
		const raced = await findOrder(context.db, sale.source, sale.externalId);
		if (raced) return raced;
		throw error;
	}
}

async function findOrder(db: Db, source: SaleSource, externalId: string) {
	const [order] = await db
		.select({ id: orders.id })
		.from(orders)
		.where(and(eq(orders.source, source), eq(orders.externalId, externalId)));
	return order?.id;
}

/** A refund as a platform reported it. */
export interface PlatformRefund {
	source: SaleSource;
	event: string;
	externalId: string;
	/** The whole sale was refunded: revoke it, as a full Stripe refund does. */
	full: boolean;
	/**
	 * Everything refunded on the sale so far, in minor units, for a partial refund (which is
	 * recorded and keeps the purchase). Capped at the order's amount.
	 */
	refundedTotal?: number;
	reason: string;
}

export type RefundOutcome = 'refunded' | 'partially-refunded' | 'replay' | 'unknown-order';

/**
 * Applies a platform's refund to the sale's order, exactly once: each refund is a row of `refunds`
 * whose id is derived from the sale and the refunded total, so a redelivery inserts nothing; a
 * full refund revokes the downloads and the license key through `refundOrder`.
 */
export async function recordRefund(
	context: SourceContext,
	refund: PlatformRefund
): Promise<RefundOutcome> {
	const { db } = context;
	const detail = { full: refund.full, refundedTotal: refund.refundedTotal, reason: refund.reason };
	const orderId = await findOrder(db, refund.source, refund.externalId);
	if (!orderId) {
		await db.insert(sourceEvents).values({ ...eventOf(refund), outcome: 'unknown-order', detail });
		(context.warn ?? console.warn)(`${sourceNames[refund.source]} refund of an unknown sale`, {
			externalId: refund.externalId
		});
		return 'unknown-order';
	}
	const outcome = await db.transaction(async (tx): Promise<RefundOutcome> => {
		// Locked, so two refund deliveries of one sale count the refunded total one after the other.
		const [order] = await tx
			.select({ amount: orders.amount, currency: orders.currency })
			.from(orders)
			.where(eq(orders.id, orderId))
			.for('update');
		if (!order) throw new Error(`Order ${orderId} vanished.`);
		const [already] = await tx
			.select({ total: sql<number>`coalesce(sum(${refunds.amount}), 0)::int` })
			.from(refunds)
			.where(eq(refunds.orderId, orderId));
		const refunded = already?.total ?? 0;
		const target = refund.full ? order.amount : Math.min(refund.refundedTotal ?? 0, order.amount);
		const inserted =
			target > refunded
				? await tx
						.insert(refunds)
						.values({
							id: `${refund.source}:${refund.externalId}:${refund.full ? 'full' : target}`,
							orderId,
							amount: target - refunded,
							currency: order.currency,
							reason: refund.reason
						})
						.onConflictDoNothing({ target: refunds.id })
						.returning({ id: refunds.id })
				: [];
		if (refund.full) {
			const revoked = await refundOrder(tx, { orderId });
			return revoked.outcome === 'refunded' ? 'refunded' : 'replay';
		}
		return inserted.length > 0 ? 'partially-refunded' : 'replay';
	});
	await db.insert(sourceEvents).values({ ...eventOf(refund), outcome, orderId, detail });
	return outcome;
}

/**
 * Records an authenticated delivery that changes nothing (an unpaid order, another store's order,
 * an event this shop does not use), so the log still shows it arrived.
 */
export async function recordIgnored(
	context: SourceContext,
	event: { source: SaleSource; event: string; externalId: string },
	outcome: string,
	detail: Record<string, unknown> = {}
): Promise<void> {
	await context.db.insert(sourceEvents).values({ ...eventOf(event), outcome, detail });
}

const eventOf = ({
	source,
	event,
	externalId
}: {
	source: SaleSource;
	event: string;
	externalId: string;
}) => ({
	source,
	event,
	externalId
});

function saleDetail(sale: PlatformSale): Record<string, unknown> {
	return {
		product: sale.product,
		sku: sale.price?.sku ?? null,
		quantity: sale.quantity,
		paid: sale.paid,
		expected: sale.price
			? { amount: sale.price.unitAmount * sale.quantity, currency: sale.price.currency }
			: null,
		email: sale.email,
		test: sale.test
	};
}

export const heldReasons: Record<HeldOutcome, string> = {
	'unknown-product': 'its product is not mapped to a SKU of the catalog',
	'amount-mismatch': 'the amount paid differs from the catalog price',
	'quantity-out-of-range': 'the quantity is more than the catalog sells at once'
};

function heldNotice(sale: PlatformSale, outcome: HeldOutcome, origin: string) {
	const platform = sourceNames[sale.source];
	const reason = heldReasons[outcome];
	const paid = formatMoney(money({ amount: sale.paid.amount, currency: sale.paid.currency }), {
		locale: 'en-US'
	});
	return {
		subject: `A ${platform} sale was not fulfilled: ${outcome}`,
		heading: `A ${platform} sale needs you`,
		paragraphs: [
			`${platform} sale ${sale.externalId} (${sale.product}, quantity ${sale.quantity}, ${paid}) by ${sale.email} was recorded but not fulfilled: ${reason}.`,
			sale.price
				? `The catalog sells ${sale.price.sku} at ${formatMoney(money({ amount: sale.price.unitAmount, currency: sale.price.currency }), { locale: 'en-US' })} each.`
				: `Map the product in the shop's settings if it is one of yours, then fulfil the order by hand.`,
			'The buyer has paid the platform and has no license key or download from this shop yet.'
		],
		action: { label: 'See held sales', url: new URL('/admin/sales', origin).href }
	};
}
