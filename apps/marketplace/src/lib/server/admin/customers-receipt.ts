import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isBundleSku } from '../bundles.js';
import type { Db } from '../db/index.js';
import { downloadGrants, orderItems, orders } from '../db/schema.js';
import { queueMessage } from '../email.js';
import { DOWNLOAD_DAYS, downloadPath, MAX_DOWNLOADS } from '../orders.js';
import { hashToken, newAccessToken } from '../tokens.js';
import { recordAudit } from './audit.js';
import type { CustomerMailAction } from './customers.js';

export const resendFormSchema = z.object({
	orderId: z.string().regex(/^ord_[\w-]{1,40}$/),
	key: z.uuid()
});

export type ResendResult =
	{ ok: true; links: number; queued: boolean } | { ok: false; error: string };

class AlreadyQueued extends Error {}

/**
 * Sends a paid order's receipt again. The first receipt's links and license key cannot be rebuilt:
 * they are derived from the order's access token, of which only a hash is kept, and the sent
 * receipt's bodies were blanked. So the new message carries fresh download links (new grants of
 * 7 days and 5 downloads, like the account page issues; the old links keep working), the license
 * key's start and end only, and the way to the account page, where the buyer signs in with the
 * address to see the order. Lines whose downloads are suspended (a dispute) get no link.
 * Once per form key: the message's cause holds it, and the grants roll back with a duplicate.
 */
export async function resendReceipt(
	db: Db,
	{ actor, input, outboxKey, origin }: CustomerMailAction
): Promise<ResendResult> {
	const parsed = resendFormSchema.safeParse(input);
	if (!parsed.success) return { ok: false, error: 'This order does not exist.' };
	const { orderId, key } = parsed.data;
	const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
	if (!order) return { ok: false, error: 'This order does not exist.' };
	if (order.status !== 'paid') return { ok: false, error: `This order is ${order.status}.` };
	const items = await db
		.select()
		.from(orderItems)
		.where(eq(orderItems.orderId, orderId))
		.orderBy(asc(orderItems.line));
	const suspended = new Set(
		(
			await db
				.select({ sku: downloadGrants.bundleSku })
				.from(downloadGrants)
				.where(and(eq(downloadGrants.orderId, orderId), isNotNull(downloadGrants.revokedAt)))
		).map((grant) => grant.sku)
	);
	const bundles = items.filter((item) => isBundleSku(item.sku) && !suspended.has(item.sku));

	try {
		return await db.transaction(async (tx) => {
			const links: string[] = [];
			for (const item of bundles) {
				const token = newAccessToken();
				await tx.insert(downloadGrants).values({
					orderId,
					tokenHash: hashToken(token),
					bundleSku: item.sku,
					expiresAt: sql`now() + make_interval(days => ${DOWNLOAD_DAYS})`,
					maxDownloads: MAX_DOWNLOADS
				});
				links.push(`${item.name}: ${new URL(downloadPath(token), origin).href}`);
			}
			const queued = await queueMessage(tx, {
				cause: `receipt-resend:${orderId}:${key}`,
				kind: 'receipt_resend',
				to: order.email,
				outboxKey,
				content: {
					subject: `Your NOBS Pay order ${orderId}, sent again`,
					heading: 'Your order, sent again',
					paragraphs: [
						`Order ${orderId}: ${items.map((item) => `${item.name} × ${item.quantity}`).join(', ')}.`,
						`License key: ${order.licenseKeyPrefix}…${order.licenseKeyLast4 ?? ''} (its start and end; the whole key is in your first receipt and on your order page, and we cannot show it again).`,
						...(links.length
							? [
									`New download links, each working ${MAX_DOWNLOADS} times within ${DOWNLOAD_DAYS} days:`,
									...links
								]
							: []),
						'Sign in to your account with this address to see your orders and get fresh download links at any time.'
					],
					action: { label: 'Your account', url: new URL('/account', origin).href }
				}
			});
			if (!queued) throw new AlreadyQueued();
			await recordAudit(tx, {
				actor,
				action: 'order.resend_receipt',
				target: orderId,
				details: { to: order.email, links: links.length, key }
			});
			return { ok: true as const, links: links.length, queued: true };
		});
	} catch (error) {
		if (error instanceof AlreadyQueued) return { ok: true, links: 0, queued: false };
		throw error;
	}
}
