import * as z from 'zod/mini';

/** An error answered by one of the server helpers (`{ error: { code, message } }`), or a network failure. */
export class CheckoutRequestError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status: number
	) {
		super(message);
		this.name = 'CheckoutRequestError';
	}
}

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * POSTs JSON to one of the app's endpoints and validates the answer, because the answer crosses
 * a trust boundary. Throws `CheckoutRequestError` with the server's stable code on failure.
 */
export async function postJson<T>(
	endpoint: string,
	body: unknown,
	schema: z.ZodMiniType<T>
): Promise<T> {
	let response: Response;
	try {
		response = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		throw new CheckoutRequestError('network_error', 'Could not reach the server. Check your connection.', 0);
	}
	const data: unknown = await response.json().catch(() => null);
	if (!response.ok) {
		const failure = errorSchema.safeParse(data);
		throw failure.success
			? new CheckoutRequestError(failure.data.error.code, failure.data.error.message, response.status)
			: new CheckoutRequestError('server_error', 'The server could not handle the request.', response.status);
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		throw new CheckoutRequestError('invalid_response', 'The server answered something unexpected.', response.status);
	}
	return parsed.data;
}

export interface StartCheckoutSessionOptions {
	/** Your `createCheckoutSessionHandler` route, e.g. "/api/checkout-session". */
	endpoint: string;
	/** The price to buy, e.g. a pricing tier's SKU. Use `items` for several lines. */
	sku?: string;
	items?: readonly { sku: string; quantity: number }[];
	/**
	 * Must match the handler's `uiMode`. `hosted` redirects to Stripe Checkout; `embedded`
	 * resolves to the session's client secret for `<Checkout.Embedded>`.
	 * @default 'hosted'
	 */
	uiMode?: 'hosted' | 'embedded';
}

/**
 * Starts a Stripe Checkout Session (payment or subscription, as the server decides from the
 * catalog): the replacement for the removed `redirectToCheckout`.
 * @example <Pricing.Tier onSelect={(price) => startCheckoutSession({ endpoint: '/api/checkout', sku: price.sku })} />
 */
export async function startCheckoutSession({
	endpoint,
	sku,
	items,
	uiMode = 'hosted'
}: StartCheckoutSessionOptions): Promise<{ clientSecret: string } | { url: string }> {
	const body = { items: items ?? (sku ? [{ sku, quantity: 1 }] : []) };
	if (uiMode === 'embedded') {
		return postJson(endpoint, body, z.object({ clientSecret: z.string().check(z.minLength(1)) }));
	}
	const { url } = await postJson(endpoint, body, z.object({ url: z.url({ protocol: /^https?$/ }) }));
	location.assign(url);
	return { url };
}
