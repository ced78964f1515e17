import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ProductMap } from './product-map.js';
import { answer, readBodyText, refusal } from './read-body.js';
import {
	recordIgnored,
	recordRefund,
	recordSale,
	type SaleSource,
	type SourceContext
} from './record-sale.js';

export interface LemonSqueezySettings {
	/** The webhook's signing secret (`LEMONSQUEEZY_SIGNING_SECRET`). */
	signingSecret: string;
	/** The shop's store (`LEMONSQUEEZY_STORE_ID`); unset: any store of the account. */
	storeId?: string;
	/** Variant id → catalog price (`LEMONSQUEEZY_VARIANTS`), looked up first. */
	variants: ProductMap;
	/** Product id → catalog price (`LEMONSQUEEZY_PRODUCTS`). */
	products: ProductMap;
}

const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** The parts of an `order_created` / `order_refunded` payload (a JSON:API order) used here. */
export const lemonSqueezyOrderSchema = z.object({
	meta: z.object({
		event_name: z.string().min(1).max(100),
		test_mode: z.boolean().default(false)
	}),
	data: z.object({
		type: z.literal('orders'),
		id: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String),
		attributes: z.object({
			store_id: z.number().int().nonnegative(),
			user_email: z.email().max(254),
			currency: z
				.string()
				.regex(/^[A-Za-z]{3}$/)
				.transform((value) => value.toLowerCase()),
			subtotal: minor,
			discount_total: minor.default(0),
			total: minor,
			status: z.string().max(40),
			refunded: z.boolean().default(false),
			refunded_amount: minor.default(0),
			first_order_item: z.object({
				product_id: z.number().int().nonnegative(),
				variant_id: z.number().int().nonnegative(),
				quantity: z.number().int().default(1),
				product_name: z.string().max(500).optional()
			})
		})
	})
});
export type LemonSqueezyOrder = z.output<typeof lemonSqueezyOrderSchema>;

/** True when `signature` is the hex HMAC-SHA256 of the raw body with the secret, timing-safe. */
export function signatureMatches(body: string, signature: string | null, secret: string): boolean {
	if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
	const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
	return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
}

/** The catalog price of the order's item: its variant first, then its product. */
export function lemonSqueezyPrice(order: LemonSqueezyOrder, settings: LemonSqueezySettings) {
	const item = order.data.attributes.first_order_item;
	return (
		settings.variants.get(String(item.variant_id)) ?? settings.products.get(String(item.product_id))
	);
}

const handled = new Set(['order_created', 'order_refunded']);

/**
 * `POST /api/lemonsqueezy/webhook`: `order_created` becomes an order of this shop, `order_refunded`
 * refunds it. 404 while `LEMONSQUEEZY_SIGNING_SECRET` is unset; 401 for a missing or wrong
 * `X-Signature`; 400 for a signed but malformed order (Lemon Squeezy retries a non-200 three
 * times, then stops); 200 for every signed order, including those held for the founder, and for
 * events this shop does not use.
 */
export async function handleLemonSqueezyWebhook(
	request: Request,
	{ settings, context }: { settings: LemonSqueezySettings | undefined; context: SourceContext }
): Promise<Response> {
	if (!settings) return refusal(404, 'not_found', 'Lemon Squeezy sales are not enabled here.');
	const text = await readBodyText(request);
	if (text === undefined) return refusal(413, 'body_too_large', 'The webhook is too large.');
	if (!signatureMatches(text, request.headers.get('x-signature'), settings.signingSecret)) {
		return refusal(401, 'invalid_signature', 'The X-Signature does not match the body.');
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return refusal(400, 'invalid_json', 'The body is not JSON.');
	}
	const eventName = z.object({ meta: z.object({ event_name: z.string() }) }).safeParse(json);
	if (eventName.success && !handled.has(eventName.data.meta.event_name)) {
		return answer(200, { ok: true, outcome: 'ignored' });
	}
	const parsed = lemonSqueezyOrderSchema.safeParse(json);
	if (!parsed.success) {
		(context.warn ?? console.warn)('Lemon Squeezy webhook refused: malformed order', {
			issues: z.prettifyError(parsed.error)
		});
		return refusal(400, 'invalid_order', 'The body is not a Lemon Squeezy order event.');
	}
	const outcome = await applyOrderEvent(parsed.data, settings, context);
	return answer(200, { ok: true, outcome });
}

async function applyOrderEvent(
	order: LemonSqueezyOrder,
	settings: LemonSqueezySettings,
	context: SourceContext
): Promise<string> {
	const { attributes } = order.data;
	const event = {
		source: 'lemonsqueezy' as SaleSource,
		event: order.meta.event_name,
		externalId: order.data.id
	};
	if (settings.storeId && String(attributes.store_id) !== settings.storeId) {
		await recordIgnored(context, event, 'other-store', { storeId: attributes.store_id });
		return 'other-store';
	}
	// What the buyer paid for the product: the subtotal after discounts, before tax.
	const paid = attributes.subtotal - Math.min(attributes.discount_total, attributes.subtotal);
	if (order.meta.event_name === 'order_refunded') {
		const full = attributes.status === 'refunded' || attributes.refunded_amount >= attributes.total;
		return recordRefund(context, {
			...event,
			full,
			// Refunds include tax; the order's amount does not, so a partial one counts its share.
			refundedTotal:
				attributes.total > 0
					? Math.round((attributes.refunded_amount * paid) / attributes.total)
					: 0,
			reason: 'Refunded on Lemon Squeezy'
		});
	}
	if (attributes.status !== 'paid') {
		await recordIgnored(context, event, 'not-paid', { status: attributes.status });
		return 'not-paid';
	}
	const item = attributes.first_order_item;
	return recordSale(context, {
		...event,
		email: attributes.user_email,
		product: `${item.product_name ?? 'product'} (product ${item.product_id}, variant ${item.variant_id})`,
		price: lemonSqueezyPrice(order, settings),
		quantity: item.quantity,
		paid: { amount: paid, currency: attributes.currency },
		test: order.meta.test_mode
	});
}
