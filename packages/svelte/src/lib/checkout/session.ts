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

// Answers are checked by hand rather than with zod: zod/mini would add about 5 kB gzip to every
// page with a pricing table, and the server helpers already validate with zod on their side.
type Reader<T> = (data: Record<string, unknown>) => T | undefined;

/** Reads `{ url }` where the URL is http(s): never follow `javascript:` or other schemes. */
export const readUrl: Reader<{ url: string }> = ({ url }) =>
	typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url) ? { url } : undefined;

const readClientSecret: Reader<{ clientSecret: string }> = ({ clientSecret }) =>
	typeof clientSecret === 'string' && clientSecret ? { clientSecret } : undefined;

function readError(data: Record<string, unknown>): { code: string; message: string } | undefined {
	const error = data.error as Record<string, unknown> | undefined;
	return typeof error?.code === 'string' && typeof error.message === 'string'
		? { code: error.code, message: error.message }
		: undefined;
}

/**
 * POSTs JSON to one of the app's endpoints and validates the answer, because the answer crosses
 * a trust boundary. Throws `CheckoutRequestError` with the server's stable code on failure.
 */
export async function postJson<T>(endpoint: string, body: unknown, read: Reader<T>): Promise<T> {
	let response: Response;
	try {
		response = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		throw new CheckoutRequestError(
			'network_error',
			'Could not reach the server. Check your connection.',
			0
		);
	}
	const json: unknown = await response.json().catch(() => null);
	const data = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
	if (!response.ok) {
		const failure = readError(data);
		throw failure
			? new CheckoutRequestError(failure.code, failure.message, response.status)
			: new CheckoutRequestError(
					'server_error',
					'The server could not handle the request.',
					response.status
				);
	}
	const value = read(data);
	if (!value) {
		throw new CheckoutRequestError(
			'invalid_response',
			'The server answered something unexpected.',
			response.status
		);
	}
	return value;
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
		return postJson(endpoint, body, readClientSecret);
	}
	const { url } = await postJson(endpoint, body, readUrl);
	location.assign(url);
	return { url };
}
