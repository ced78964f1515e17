import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ProductMap } from './product-map.js';
import { answer, readBodyText, refusal } from './read-body.js';
import { recordRefund, recordSale, type SourceContext } from './record-sale.js';

export interface GumroadSettings {
	/** The secret last segment of the Ping URL (`GUMROAD_PING_SECRET`). */
	pingSecret: string;
	/** The shop's seller id (`GUMROAD_SELLER_ID`). */
	sellerId: string;
	/** Gumroad product id, short id or permalink → catalog price (`GUMROAD_PRODUCTS`). */
	products: ProductMap;
}

const flag = z
	.string()
	.optional()
	.transform((value) => value === 'true');
const cents = z
	.string()
	.regex(/^\d{1,9}$/, 'An amount in cents.')
	.transform(Number);

/**
 * The fields of a Ping (and of the `sale` and `refund` resource subscriptions, which post the same
 * form) that decide anything here. Gumroad sends many more; they are ignored, not stored.
 */
export const gumroadPingSchema = z.object({
	sale_id: z.string().min(1).max(200),
	seller_id: z.string().min(1).max(200),
	product_id: z.string().max(200).optional(),
	short_product_id: z.string().max(200).optional(),
	product_permalink: z.string().max(500).optional(),
	email: z.email().max(254),
	/** The price paid for the whole sale, in cents of `currency`. */
	price: cents,
	currency: z
		.string()
		.regex(/^[A-Za-z]{3}$/)
		.transform((value) => value.toLowerCase())
		.default('usd'),
	quantity: z
		.string()
		.regex(/^\d{1,6}$/)
		.transform(Number)
		.default(1),
	refunded: flag,
	test: flag,
	/** `sale` or `refund` for resource subscriptions; absent for the Ping. */
	resource_name: z.string().max(40).optional()
});
export type GumroadPing = z.output<typeof gumroadPingSchema>;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compared as digests, so neither the comparison nor a length check tells how close a guess was. */
export const secretMatches = (given: string, expected: string) =>
	timingSafeEqual(digest(given), digest(expected));

/**
 * The catalog price a ping's product maps to: by product id, short id, or permalink (which Gumroad
 * sends either bare or as the product's URL, whose last segment is the permalink).
 */
export function gumroadPrice(ping: GumroadPing, products: ProductMap) {
	const permalink = ping.product_permalink?.split('/').filter(Boolean).at(-1);
	for (const key of [ping.product_id, ping.short_product_id, ping.product_permalink, permalink]) {
		const price = key ? products.get(key) : undefined;
		if (price) return price;
	}
	return undefined;
}

/**
 * `POST /api/gumroad/ping/:secret`: a Gumroad sale (or refund) as an order of this shop. 404 while
 * `GUMROAD_PING_SECRET` is unset; 403 for a wrong secret or another seller; 400 for a malformed
 * form (Gumroad retries a non-200 three times, an hour apart, then stops); 200 for everything it
 * authenticated, including sales held for the founder, which a retry would not change.
 */
export async function handleGumroadPing(
	request: Request,
	secret: string,
	{ settings, context }: { settings: GumroadSettings | undefined; context: SourceContext }
): Promise<Response> {
	if (!settings) return refusal(404, 'not_found', 'Gumroad sales are not enabled here.');
	if (!secretMatches(secret, settings.pingSecret)) {
		return refusal(403, 'forbidden', 'This is not the shop’s Ping URL.');
	}
	const text = await readBodyText(request);
	if (text === undefined) return refusal(413, 'body_too_large', 'The ping is too large.');
	const parsed = gumroadPingSchema.safeParse(Object.fromEntries(new URLSearchParams(text)));
	if (!parsed.success) {
		(context.warn ?? console.warn)('Gumroad ping refused: malformed', {
			issues: z.prettifyError(parsed.error)
		});
		return refusal(400, 'invalid_ping', 'The ping is not a Gumroad sale.');
	}
	const ping = parsed.data;
	if (!secretMatches(ping.seller_id, settings.sellerId)) {
		return refusal(403, 'wrong_seller', 'The sale belongs to another Gumroad seller.');
	}

	if (ping.refunded || ping.resource_name === 'refund') {
		const outcome = await recordRefund(context, {
			source: 'gumroad',
			event: 'refund',
			externalId: ping.sale_id,
			full: true,
			reason: 'Refunded on Gumroad'
		});
		return answer(200, { ok: true, outcome });
	}
	const outcome = await recordSale(context, {
		source: 'gumroad',
		event: 'sale',
		externalId: ping.sale_id,
		email: ping.email,
		product: ping.product_permalink ?? ping.product_id ?? ping.short_product_id ?? 'unknown',
		price: gumroadPrice(ping, settings.products),
		quantity: ping.quantity,
		paid: { amount: ping.price, currency: ping.currency },
		test: ping.test
	});
	return answer(200, { ok: true, outcome });
}
