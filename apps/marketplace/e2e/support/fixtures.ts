import { test as base, expect, type APIRequestContext } from '@playwright/test';
import Stripe from 'stripe';
import { z } from 'zod';
import { SANDBOX_SECRET_KEY, stacks, type Stack, type StackOptions } from './env';

/** The app's answer to `POST /api/checkout`: validated, since it crosses into the test. */
export const checkoutResponseSchema = z.object({
	orderId: z.string().min(1),
	orderUrl: z.string().regex(/^\/orders\/[A-Za-z0-9_-]{43}$/),
	clientSecret: z.string().regex(/^pi_\w+_secret_\w+$/),
	amount: z.number().int().positive(),
	currency: z.string().length(3)
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

export const errorBodySchema = z.object({
	error: z.object({ code: z.string().min(1), message: z.string().min(1) })
});

export const mailboxSchema = z.object({
	messages: z.array(
		z.object({
			id: z.number(),
			to: z.string(),
			subject: z.string(),
			text: z.string(),
			html: z.string()
		})
	)
});

/** A client of an end-to-end sandbox, which answers to `SANDBOX_SECRET_KEY`. */
export function sandboxStripe(port: number): Stripe {
	return new Stripe(SANDBOX_SECRET_KEY, {
		host: '127.0.0.1',
		port,
		protocol: 'http',
		// Tests assert on first answers; a retry would hide a failure.
		maxNetworkRetries: 0
	});
}

export const paymentIntentId = (clientSecret: string) => clientSecret.split('_secret_')[0] ?? '';

export interface CheckoutItem {
	sku: string;
	quantity: number;
}

/** Creates a pending order through the public API, as the checkout page does. */
export async function createOrder(
	request: APIRequestContext,
	{ items, email = 'buyer@example.com' }: { items: CheckoutItem[]; email?: string }
): Promise<CheckoutResponse> {
	const response = await request.post('/api/checkout', { data: { items, email } });
	expect(response.status(), await response.text()).toBe(200);
	return checkoutResponseSchema.parse(await response.json());
}

export interface FulfilledOrder {
	licenseKey: string;
	/** Tokens of the order's download links, in page order. */
	downloadTokens: string[];
}

/**
 * Polls the order page (as the browser does, once a second) until the webhook has fulfilled the
 * order, and reads its licence key and download links from the HTML. `timeout` only guards against
 * a hang: the poll ends as soon as the order is fulfilled.
 */
export async function waitForFulfilment(
	request: APIRequestContext,
	orderUrl: string,
	{ timeout = 120_000 } = {}
): Promise<FulfilledOrder> {
	let html = '';
	await expect
		.poll(
			async () => {
				html = await (await request.get(orderUrl)).text();
				return html.includes('Your downloads are ready');
			},
			{ timeout, message: `order ${orderUrl} fulfilled` }
		)
		.toBe(true);
	const licenseKey = /data-testid="license-key"[^>]*>([^<]+)</.exec(html)?.[1] ?? '';
	const downloadTokens = [...html.matchAll(/href="\/download\/([A-Za-z0-9_-]{43})"/g)].map(
		(match) => match[1] ?? ''
	);
	return { licenseKey, downloadTokens };
}

/** A paid, fulfilled order made without the browser, for tests that are not about the UI. */
export async function buyWithApi(
	request: APIRequestContext,
	stripe: Stripe,
	options: { items: CheckoutItem[]; email?: string }
): Promise<CheckoutResponse & FulfilledOrder & { paymentIntentId: string }> {
	const order = await createOrder(request, options);
	const id = paymentIntentId(order.clientSecret);
	const confirmed = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
	expect(confirmed.status).toBe('succeeded');
	return { ...order, paymentIntentId: id, ...(await waitForFulfilment(request, order.orderUrl)) };
}

export const test = base.extend<StackOptions & { stripe: Stripe }>({
	// Overridden by each project in playwright.config.ts.
	stack: [stacks.pglite satisfies Stack, { option: true }],
	stripe: async ({ stack }, use) => {
		await use(sandboxStripe(stack.sandboxPort));
	}
});

export { expect };
