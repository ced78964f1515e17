import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { isBundleSku } from './bundles.js';
import { queryPrepared, queryRows, type Db, type Tx } from './db/index.js';
import {
	customers,
	downloadGrants,
	emailOutbox,
	licenseKeys,
	orderItems,
	orders,
	orderSources,
	payments,
	type OrderStatus
} from './db/schema.js';
import { renderReceipt } from './email.js';
import { licensedProjects } from './licenses.js';
import { sealText, type OutboxKey } from './outbox-cipher.js';
import {
	deriveDownloadToken,
	deriveLicenseKey,
	hashToken,
	licenseKeyPrefix,
	newAccessToken,
	newId
} from './tokens.js';

/** How long a download link works after payment, and how many times. */
export const DOWNLOAD_DAYS = 7;
export const MAX_DOWNLOADS = 5;

const currencySchema = z.string().regex(/^[a-z]{3}$/, 'Currency is a lowercase ISO 4217 code.');
const minorUnits = z.number().int().nonnegative().max(99_999_999);

/** A line of an order, as priced by the server from the catalog (never by the client). */
export const orderLineSchema = z.object({
	sku: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i),
	name: z.string().min(1).max(200),
	unitAmount: minorUnits,
	quantity: z.number().int().min(1).max(10_000)
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const createPendingOrderSchema = z
	.object({
		email: z.email().max(254),
		lines: z.array(orderLineSchema).min(1).max(100),
		currency: currencySchema,
		amount: minorUnits,
		/** The total as the shopper saw it, e.g. `formatMoney(total)`: printed on the receipt. */
		displayTotal: z.string().min(1).max(40),
		/** The app's origin, for the links in the receipt. */
		origin: z.url(),
		/** Where the sale is made: this store's Stripe checkout, or another platform. */
		source: z.enum(orderSources).default('stripe'),
		/** The sale's id on that platform: unique per source, so a sale makes one order at most. */
		externalId: z.string().min(1).max(200).optional()
	})
	.refine(
		(order) =>
			order.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0) === order.amount,
		{ message: 'The amount is not the sum of the lines.', path: ['amount'] }
	);
export type CreatePendingOrderInput = z.input<typeof createPendingOrderSchema>;

/**
 * Where the order page and downloads live; the pages built on this module must match. The receipt
 * links a download's status page, not the ZIP: link scanners in mail systems fetch every link,
 * and the page's button (a POST) is what they do not press.
 */
export const orderPath = (accessToken: string) => `/orders/${accessToken}`;
export const downloadPath = (downloadToken: string) => `/downloads/${downloadToken}`;

/**
 * Records a pending order before the PaymentIntent is created, with its items and its receipt
 * (held until payment, its bodies sealed with `outboxKey`). Returns the access token: the only
 * time it exists in plaintext on the server; put it in the return URL and forget it.
 * @example const { orderId, accessToken } = await createPendingOrder(db, { email, lines, currency: 'usd', amount: 49900, displayTotal: '$499.00', origin: url.origin }, { outboxKey });
 */
export async function createPendingOrder(
	db: Db,
	input: CreatePendingOrderInput,
	{ outboxKey }: { outboxKey: OutboxKey }
): Promise<{ orderId: string; accessToken: string }> {
	const order = createPendingOrderSchema.parse(input);
	const accessToken = newAccessToken();
	const orderId = newId('ord');
	const licenseKey = deriveLicenseKey(accessToken);
	const lines = order.lines.map((line, index) => {
		const downloadToken = isBundleSku(line.sku)
			? deriveDownloadToken(accessToken, index)
			: undefined;
		return { ...line, line: index, downloadToken };
	});
	const receipt = renderReceipt({
		orderId,
		orderUrl: new URL(orderPath(accessToken), order.origin).href,
		licenseKey,
		total: order.displayTotal,
		projects: licensedProjects(lines),
		lines: lines.map((line) => ({
			name: line.name,
			quantity: line.quantity,
			perProject: isBundleSku(line.sku),
			downloadUrl:
				line.downloadToken && new URL(downloadPath(line.downloadToken), order.origin).href
		}))
	});

	await db.transaction(async (tx) => {
		// An upsert that always returns the row, so two first orders from one address cannot race
		// into two customers.
		const [customer] = await tx
			.insert(customers)
			.values({ id: newId('cus'), email: order.email.toLowerCase() })
			.onConflictDoUpdate({ target: customers.email, set: { email: sql`excluded.email` } })
			.returning({ id: customers.id });
		if (!customer) throw new Error('Customer upsert returned no row.');

		await tx.insert(orders).values({
			id: orderId,
			customerId: customer.id,
			accessTokenHash: hashToken(accessToken),
			licenseKeyHash: hashToken(licenseKey),
			licenseKeyPrefix: licenseKeyPrefix(licenseKey),
			licenseKeyLast4: licenseKey.slice(-4),
			amount: order.amount,
			currency: order.currency,
			email: order.email,
			source: order.source,
			externalId: order.externalId
		});
		await tx.insert(orderItems).values(
			lines.map((line) => ({
				orderId,
				line: line.line,
				sku: line.sku,
				name: line.name,
				unitAmount: line.unitAmount,
				quantity: line.quantity,
				downloadTokenHash: line.downloadToken ? hashToken(line.downloadToken) : null
			}))
		);
		await tx.insert(emailOutbox).values({
			orderId,
			kind: 'receipt',
			to: order.email,
			status: 'held',
			subject: receipt.subject,
			// The bodies hold the links and the license key: never in plaintext in the database.
			html: sealText(receipt.html, outboxKey, orderId),
			text: sealText(receipt.text, outboxKey, orderId)
		});
	});
	return { orderId, accessToken };
}

/**
 * Links the order to the PaymentIntent created for it. Refuses to move an order that is already
 * linked to another intent or no longer pending.
 */
export async function attachPaymentIntent(
	db: Db,
	input: { orderId: string; paymentIntentId: string }
): Promise<void> {
	const { orderId, paymentIntentId } = z
		.object({ orderId: z.string().min(1), paymentIntentId: z.string().regex(/^pi_\w+$/) })
		.parse(input);
	const updated = await db
		.update(orders)
		.set({ paymentIntentId })
		.where(
			and(
				eq(orders.id, orderId),
				eq(orders.status, 'pending'),
				sql`(${orders.paymentIntentId} is null or ${orders.paymentIntentId} = ${paymentIntentId})`
			)
		)
		.returning({ id: orders.id });
	if (updated.length === 0) {
		throw new Error(`Order ${orderId} is not pending or already has another PaymentIntent.`);
	}
}

// Access and download tokens are 32 bytes of base64url; anything else is refused before hashing.
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export type DownloadState = 'active' | 'expired' | 'exhausted' | 'revoked';

export interface OrderView {
	id: string;
	status: OrderStatus;
	email: string;
	amount: number;
	currency: string;
	createdAt: Date;
	paidAt: Date | null;
	/** `perProject`: a bundle line, whose quantity is a number of licensed projects. */
	items: { sku: string; name: string; unitAmount: number; quantity: number; perProject: boolean }[];
	/** How many projects the order's license key covers (see `licensedProjects`). */
	projects: number;
	/** Present once the order is paid and while the key is not revoked. */
	licenseKey?: string;
	downloads: {
		sku: string;
		name: string;
		token: string;
		remaining: number;
		expiresAt: Date;
		state: DownloadState;
	}[];
}

/**
 * The order behind an access token, with what the token unlocks: the license key and download
 * tokens are re-derived from it and checked against the stored hashes. `undefined` for an
 * unknown or malformed token, so ids cannot be enumerated.
 */
export async function findOrderByAccessToken(
	db: Db,
	accessToken: string
): Promise<OrderView | undefined> {
	if (!tokenSchema.safeParse(accessToken).success) return undefined;
	const [order] = await db
		.select()
		.from(orders)
		.where(eq(orders.accessTokenHash, hashToken(accessToken)));
	if (!order) return undefined;
	const items = await db
		.select()
		.from(orderItems)
		.where(eq(orderItems.orderId, order.id))
		.orderBy(asc(orderItems.line));

	const view: OrderView = {
		id: order.id,
		status: order.status,
		email: order.email,
		amount: order.amount,
		currency: order.currency,
		createdAt: order.createdAt,
		paidAt: order.paidAt,
		items: items.map(({ sku, name, unitAmount, quantity }) => ({
			sku,
			name,
			unitAmount,
			quantity,
			perProject: isBundleSku(sku)
		})),
		projects: licensedProjects(items),
		downloads: []
	};
	if (order.status === 'pending' || order.status === 'failed') return view;

	const licenseKey = deriveLicenseKey(accessToken);
	const [license] = await db
		.select()
		.from(licenseKeys)
		.where(and(eq(licenseKeys.keyHash, hashToken(licenseKey)), isNull(licenseKeys.revokedAt)));
	if (license) view.licenseKey = licenseKey;

	const tokens = items
		.filter((item) => item.downloadTokenHash)
		.map((item) => ({ item, token: deriveDownloadToken(accessToken, item.line) }));
	const grants = tokens.length
		? await db
				.select()
				.from(downloadGrants)
				.where(
					inArray(
						downloadGrants.tokenHash,
						tokens.map(({ token }) => hashToken(token))
					)
				)
		: [];
	const now = Date.now();
	for (const { item, token } of tokens) {
		const grant = grants.find((candidate) => candidate.tokenHash === hashToken(token));
		if (!grant) continue;
		view.downloads.push({
			sku: item.sku,
			name: item.name,
			token,
			remaining: grant.maxDownloads - grant.downloads,
			expiresAt: grant.expiresAt,
			state: grantState(grant, now)
		});
	}
	return view;
}

function grantState(
	grant: { revokedAt: Date | null; expiresAt: Date; downloads: number; maxDownloads: number },
	now: number
): DownloadState {
	if (grant.revokedAt) return 'revoked';
	if (grant.expiresAt.getTime() <= now) return 'expired';
	if (grant.downloads >= grant.maxDownloads) return 'exhausted';
	return 'active';
}

// What a payment_intent.succeeded carries. Any safe amount is accepted, not only the ones an order
// can hold: an event of another app on the same Stripe account (say ten million IDR) must end as
// "unknown order", not as a validation error that answers 500 and makes Stripe retry for days.
export const fulfillOrderSchema = z.object({
	paymentIntentId: z.string().regex(/^pi_\w+$/),
	amountReceived: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
	currency: currencySchema
});

export type FulfillOutcome =
	| { outcome: 'fulfilled'; orderId: string; grants: number }
	| { outcome: 'already-fulfilled'; orderId: string }
	| { outcome: 'refunded'; orderId: string }
	| { outcome: 'amount-mismatch'; orderId: string; expected: { amount: number; currency: string } }
	| { outcome: 'unknown-order' };

/**
 * Turns a succeeded PaymentIntent into a paid order, exactly once, in one statement (so one
 * transaction and one round trip): the order is marked paid by a conditional UPDATE (only one
 * concurrent caller can see it pending), and from the row it returns the same statement writes the
 * payment, one download grant per bundle line, the license key and queues the receipt. A wrong
 * amount or currency changes nothing and says so.
 *
 * Download grants come from the lines that have a download token hash: `createPendingOrder` gives
 * one to bundle lines only.
 *
 * The license key's plaintext is not returned: it is derived from the access token, which only the
 * buyer (order link) and the receipt hold. See docs/src/routes/marketplace-data/+page.md.
 */
export async function fulfillOrder(
	db: Db,
	input: z.input<typeof fulfillOrderSchema>
): Promise<FulfillOutcome> {
	const payment = fulfillOrderSchema.parse(input);
	const [paid] = await queryPrepared<{ id: string; grants: number }>(
		db,
		'order_fulfil',
		fulfilStatement,
		payment
	);
	if (paid) return { outcome: 'fulfilled', orderId: paid.id, grants: paid.grants };

	// Nothing changed: say why. Not on the hot path (redeliveries stop at the inbox).
	const [existing] = await db
		.select()
		.from(orders)
		.where(eq(orders.paymentIntentId, payment.paymentIntentId));
	if (!existing) return { outcome: 'unknown-order' };
	if (existing.status === 'paid') return { outcome: 'already-fulfilled', orderId: existing.id };
	if (existing.status === 'refunded') return { outcome: 'refunded', orderId: existing.id };
	return {
		outcome: 'amount-mismatch',
		orderId: existing.id,
		expected: { amount: existing.amount, currency: existing.currency }
	};
}

/**
 * `fulfillOrder`'s statement, with the placeholders `paymentIntentId`, `amountReceived` and
 * `currency`: one row (`id`, `grants`) when it fulfilled the order, none otherwise. Exported for
 * the benchmark, which sends it straight to the driver.
 */
export function fulfilStatement(): SQL {
	const paymentIntentId = sql.placeholder('paymentIntentId');
	const amountReceived = sql.placeholder('amountReceived');
	const currency = sql.placeholder('currency');
	return fulfilFrom(
		sql`payment_intent_id = ${paymentIntentId} and amount = ${amountReceived} and currency = ${currency}`,
		sql`insert into ${payments} (order_id, payment_intent_id, amount, currency)
			select id, ${paymentIntentId}, ${amountReceived}, ${currency} from paid`
	);
}

/**
 * The fulfilment statement for the unpaid order matching `where`: marks it paid and, from the row
 * it returns, writes `payment` (when given), the download grants, the license key and queues the
 * receipt.
 */
function fulfilFrom(where: SQL, payment?: SQL): SQL {
	return sql`with paid as (
			update ${orders} set status = 'paid', paid_at = now()
			where ${where} and status in ('pending', 'failed')
			returning id, license_key_hash, license_key_prefix
		)${payment ? sql`, payment as (${payment})` : sql``}, grants as (
			insert into ${downloadGrants} (order_id, token_hash, bundle_sku, expires_at, max_downloads)
			select item.order_id, item.download_token_hash, item.sku,
				now() + make_interval(days => ${DOWNLOAD_DAYS}), ${MAX_DOWNLOADS}
			from ${orderItems} item join paid on item.order_id = paid.id
			where item.download_token_hash is not null
			returning 1
		), license as (
			insert into ${licenseKeys} (order_id, key_hash, prefix)
			select id, license_key_hash, license_key_prefix from paid
		), receipt as (
			update ${emailOutbox} set status = 'queued'
			where order_id in (select id from paid) and kind = 'receipt' and status = 'held'
		)
		select id, (select count(*) from grants)::int as grants from paid`;
}

/**
 * Fulfils an order paid on another platform (a Gumroad sale, a Lemon Squeezy order), which has no
 * PaymentIntent: the same statement as `fulfillOrder`, exactly once, keyed by the order's id. The
 * caller has checked the payment (the platform's signature) and the amount (the catalog).
 */
export async function fulfillOrderById(
	db: Db | Tx,
	input: { orderId: string }
): Promise<Exclude<FulfillOutcome, { outcome: 'amount-mismatch' }>> {
	const { orderId } = z.object({ orderId: z.string().min(1) }).parse(input);
	const [paid] = await queryRows<{ id: string; grants: number }>(
		db,
		fulfilFrom(sql`id = ${orderId}`)
	);
	if (paid) return { outcome: 'fulfilled', orderId: paid.id, grants: paid.grants };
	const [existing] = await db
		.select({ status: orders.status })
		.from(orders)
		.where(eq(orders.id, orderId));
	if (!existing) return { outcome: 'unknown-order' };
	return existing.status === 'refunded'
		? { outcome: 'refunded', orderId }
		: { outcome: 'already-fulfilled', orderId };
}

/**
 * Records that a PaymentIntent failed. A pending order becomes `failed`; the shopper may retry the
 * same intent, and a later success still fulfills it.
 */
export async function markPaymentFailed(
	db: Db,
	input: { paymentIntentId: string }
): Promise<boolean> {
	const { paymentIntentId } = fulfillOrderSchema.pick({ paymentIntentId: true }).parse(input);
	const updated = await db
		.update(orders)
		.set({ status: 'failed' })
		.where(and(eq(orders.paymentIntentId, paymentIntentId), eq(orders.status, 'pending')))
		.returning({ id: orders.id });
	return updated.length > 0;
}

const refundTarget = z.union([
	fulfillOrderSchema.pick({ paymentIntentId: true }),
	z.object({ orderId: z.string().min(1).max(64) })
]);

/**
 * Marks the order refunded and revokes its download grants and license key. Idempotent: a retried
 * `charge.refunded` finds everything already revoked and changes nothing. The order is named by its
 * PaymentIntent, or by its id for orders paid elsewhere; pass a transaction to join it.
 */
export async function refundOrder(
	db: Db | Tx,
	input: { paymentIntentId: string } | { orderId: string }
): Promise<
	{ outcome: 'refunded' | 'already-refunded'; orderId: string } | { outcome: 'unknown-order' }
> {
	const target = refundTarget.parse(input);
	const match =
		'orderId' in target
			? eq(orders.id, target.orderId)
			: eq(orders.paymentIntentId, target.paymentIntentId);
	return db.transaction(async (tx) => {
		const [order] = await tx
			.update(orders)
			.set({ status: 'refunded', refundedAt: sql`now()` })
			.where(and(match, sql`${orders.status} <> 'refunded'`))
			.returning({ id: orders.id });
		if (!order) {
			const [existing] = await tx.select({ id: orders.id }).from(orders).where(match);
			return existing
				? { outcome: 'already-refunded', orderId: existing.id }
				: { outcome: 'unknown-order' };
		}
		await tx
			.update(downloadGrants)
			.set({ revokedAt: sql`now()` })
			.where(and(eq(downloadGrants.orderId, order.id), isNull(downloadGrants.revokedAt)));
		await tx
			.update(licenseKeys)
			.set({ revokedAt: sql`now()` })
			.where(and(eq(licenseKeys.orderId, order.id), isNull(licenseKeys.revokedAt)));
		return { outcome: 'refunded', orderId: order.id };
	});
}
