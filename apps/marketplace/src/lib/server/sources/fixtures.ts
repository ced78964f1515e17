import { createHmac } from 'node:crypto';

/**
 * Test fixtures: a Gumroad Ping and Lemon Squeezy order events with every field the platforms
 * document (most of which the shop ignores), for the unit tests and the end-to-end test.
 */

export const GUMROAD_SELLER = 'kL0psVL2admJSYRNs-OCMg==';
export const GUMROAD_PRODUCT_ID = '32-nPAicqbLj8B_WswVlMw==';
export const GUMROAD_PERMALINK = 'nobs-starter';

export interface GumroadPingFields {
	saleId: string;
	email?: string;
	/** Cents paid for the whole sale. @default 19900 (one Starter bundle) */
	price?: number;
	quantity?: number;
	productId?: string;
	permalink?: string;
	sellerId?: string;
	refunded?: boolean;
	currency?: string;
	resourceName?: 'sale' | 'refund';
}

/** A Ping body, form-encoded as Gumroad posts it (nested dictionaries as `variants[Tier]`). */
export function gumroadPingBody(fields: GumroadPingFields): string {
	const form = new URLSearchParams({
		seller_id: fields.sellerId ?? GUMROAD_SELLER,
		product_id: fields.productId ?? GUMROAD_PRODUCT_ID,
		product_name: 'NOBS Pay Starter',
		permalink: fields.permalink ?? GUMROAD_PERMALINK,
		product_permalink: `https://nobs.gumroad.com/l/${fields.permalink ?? GUMROAD_PERMALINK}`,
		short_product_id: 'pencil',
		email: fields.email ?? 'gumroad-buyer@example.com',
		price: String(fields.price ?? 19_900),
		gumroad_fee: '1990',
		currency: fields.currency ?? 'usd',
		quantity: String(fields.quantity ?? 1),
		discover_fee_charged: 'false',
		can_contact: 'true',
		referrer: 'direct',
		'card[visual]': '**** **** **** 4242',
		'card[type]': 'visa',
		order_number: '524459935',
		sale_id: fields.saleId,
		sale_timestamp: '2026-11-30T08:00:00Z',
		purchaser_id: '5550321502811',
		'variants[Tier]': 'Standard',
		'url_params[campaignid]': 'c123',
		test: 'false',
		ip_country: 'France',
		is_gift_receiver_purchase: 'false',
		refunded: String(fields.refunded ?? false),
		disputed: 'false',
		dispute_won: 'false'
	});
	if (fields.resourceName) form.set('resource_name', fields.resourceName);
	return form.toString();
}

export const LEMONSQUEEZY_STORE = 4711;
export const LEMONSQUEEZY_VARIANT = 55501;
export const LEMONSQUEEZY_PRODUCT = 44401;

export interface LemonSqueezyOrderFields {
	orderId: number;
	event?: 'order_created' | 'order_refunded' | 'subscription_created';
	email?: string;
	/** Before tax and discounts. @default 49900 (one Professional bundle) */
	subtotal?: number;
	discount?: number;
	tax?: number;
	status?: 'paid' | 'pending' | 'refunded' | 'partial_refund';
	refundedAmount?: number;
	variantId?: number;
	productId?: number;
	storeId?: number;
	currency?: string;
}

/** An order event as Lemon Squeezy sends it: a JSON:API order with its first item. */
export function lemonSqueezyOrderBody(fields: LemonSqueezyOrderFields): string {
	const subtotal = fields.subtotal ?? 49_900;
	const discount = fields.discount ?? 0;
	const tax = fields.tax ?? 0;
	const total = subtotal - discount + tax;
	const status = fields.status ?? 'paid';
	return JSON.stringify({
		meta: { test_mode: false, event_name: fields.event ?? 'order_created', webhook_id: 'wh-1' },
		data: {
			type: 'orders',
			id: String(fields.orderId),
			attributes: {
				store_id: fields.storeId ?? LEMONSQUEEZY_STORE,
				customer_id: 9001,
				identifier: `104e18a2-d755-4d4b-80c4-${String(fields.orderId).padStart(12, '0')}`,
				order_number: fields.orderId,
				user_name: 'Lemon Buyer',
				user_email: fields.email ?? 'lemon-buyer@example.com',
				currency: (fields.currency ?? 'usd').toUpperCase(),
				currency_rate: '1.0000',
				subtotal,
				setup_fee: 0,
				discount_total: discount,
				tax,
				total,
				refunded_amount: fields.refundedAmount ?? 0,
				subtotal_usd: subtotal,
				total_usd: total,
				tax_name: tax ? 'VAT' : null,
				tax_rate: tax ? '20.00' : '0.00',
				tax_inclusive: false,
				status,
				status_formatted: status,
				refunded: status === 'refunded',
				refunded_at: status === 'refunded' ? '2026-11-30T09:00:00.000000Z' : null,
				first_order_item: {
					id: fields.orderId * 10,
					order_id: fields.orderId,
					product_id: fields.productId ?? LEMONSQUEEZY_PRODUCT,
					variant_id: fields.variantId ?? LEMONSQUEEZY_VARIANT,
					product_name: 'NOBS Pay Professional',
					variant_name: 'Default',
					price: subtotal,
					quantity: 1,
					created_at: '2026-11-30T08:00:00.000000Z',
					updated_at: '2026-11-30T08:00:00.000000Z',
					test_mode: false
				},
				urls: { receipt: 'https://app.lemonsqueezy.com/my-orders/104e18a2?signature=abc' },
				created_at: '2026-11-30T08:00:00.000000Z',
				updated_at: '2026-11-30T08:00:00.000000Z',
				test_mode: false
			},
			relationships: {},
			links: { self: `https://api.lemonsqueezy.com/v1/orders/${fields.orderId}` }
		}
	});
}

/** The `X-Signature` Lemon Squeezy sends: hex HMAC-SHA256 of the raw body. */
export const lemonSqueezySignature = (body: string, secret: string) =>
	createHmac('sha256', secret).update(body, 'utf8').digest('hex');
