import { z } from 'zod';
import type { Catalog } from '../pricing/catalog.js';
import { HttpError, readJson, sha256Hex, type RequestEventLike } from './http.js';
import { PricingError, priceCart, type PriceCartOptions, type PricedCart } from './price-cart.js';

// Shared by the PaymentIntent and Checkout Session handlers: read the cart, price it, tie it to
// an order.

/**
 * What a client may send. Unknown keys (a price, a total) are dropped by zod and never read;
 * quantities are checked by `priceCart` so they fail with its stable codes.
 */
export const cartRequestSchema = z.object({
	items: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number() })).max(1000),
	/** A random id the browser keeps for one checkout, used when no `resolveOrder` is given. */
	cartId: z
		.string()
		.regex(/^[A-Za-z0-9_-]{16,64}$/, 'cartId is 16-64 letters, digits, "_" or "-".')
		.optional()
});

export type CartRequest = z.infer<typeof cartRequestSchema>;

/** What `resolveOrder` receives. */
export interface OrderContext<Event extends RequestEventLike = RequestEventLike> {
	/** SvelteKit's `RequestEvent` (`locals`, `cookies`…); `{ request }` for a plain Request. */
	event: Event;
	/** `event.request`. */
	request: Request;
	/** The cart priced from the catalog. */
	cart: PricedCart;
	/** The `cartId` the browser sent, if any. Not authenticated: never trust it for access. */
	cartId?: string;
	/**
	 * The whole JSON body as the client sent it, for fields of your own (an email address, a
	 * coupon). Untrusted: validate what you read. Throw `HttpError` to answer with a 4xx.
	 */
	body: unknown;
}

/** The order a payment belongs to, as your app knows it. */
export interface ResolvedOrder {
	/** Your order id; it goes into Stripe metadata (`nobs_order_id`) and the idempotency key. */
	orderId: string;
	/** Extra Stripe metadata. Keys starting with `nobs_` are reserved. */
	metadata?: Record<string, string>;
	/** A Stripe customer id (`cus_…`) to attach the payment to. */
	customer?: string;
}

/** Finds or creates the order for a priced cart, e.g. from the session in `event.locals`. */
export type ResolveOrder<Event extends RequestEventLike = RequestEventLike> = (
	context: OrderContext<Event>
) => Promise<ResolvedOrder> | ResolvedOrder;

/** Reads the body, validates it and prices the cart. Throws `HttpError` with a 4xx status. */
export async function readPricedCart(
	request: Request,
	options: { catalog: Catalog } & Pick<PriceCartOptions, 'mode'>
): Promise<{ body: CartRequest; raw: unknown; cart: PricedCart }> {
	const raw = await readJson(request);
	const parsed = cartRequestSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
		throw new HttpError(400, 'invalid_body', `${issue?.message ?? 'Invalid body'}${where}.`);
	}
	try {
		const cart = priceCart({
			catalog: options.catalog,
			items: parsed.data.items,
			mode: options.mode
		});
		return { body: parsed.data, raw, cart };
	} catch (error) {
		if (error instanceof PricingError) throw new HttpError(400, error.code, error.message);
		throw error;
	}
}

/**
 * Resolves the order with the app's hook, else uses the browser's `cartId`, else a fresh random
 * id. The random fallback gives up deduplication of retries, but never lets two shoppers with the
 * same cart share one idempotency key, and so one PaymentIntent and its client secret.
 */
export async function resolveOrderFor<Event extends RequestEventLike>(
	context: OrderContext<Event>,
	resolveOrder: ResolveOrder<Event> | undefined
): Promise<ResolvedOrder> {
	if (resolveOrder) return resolveOrder(context);
	return { orderId: context.cartId ?? `cart_${crypto.randomUUID()}` };
}

/** Stripe metadata values hold at most 500 characters. */
const METADATA_VALUE_LIMIT = 500;

/** Metadata that ties a Stripe object to the order and the priced cart. */
export function orderMetadata(
	order: ResolvedOrder,
	cart: PricedCart,
	base: Record<string, string> = {}
): Record<string, string> {
	const items = cart.lines.map((line) => `${line.sku}x${line.quantity}`).join(',');
	return {
		...base,
		...order.metadata,
		// Last, so a hook cannot overwrite what webhooks rely on.
		nobs_order_id: order.orderId,
		// Long carts are left out rather than cut: a truncated list would be wrong.
		...(items.length <= METADATA_VALUE_LIMIT ? { nobs_items: items } : {})
	};
}

/**
 * An idempotency key that changes whenever anything sent to Stripe changes: a retry of the same
 * request reuses the object Stripe created, a changed cart gets a new one instead of Stripe's
 * "keys must be used with the same parameters" error.
 */
export async function idempotencyKey(prefix: string, params: unknown): Promise<string> {
	return `nobs-${prefix}-${await sha256Hex(JSON.stringify(params))}`;
}
