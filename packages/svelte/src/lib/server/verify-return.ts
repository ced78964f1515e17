import type Stripe from 'stripe';
import { z } from 'zod';
import { timingSafeEqual } from './http.js';

/**
 * Stable codes of `ReturnVerificationError`:
 * - `missing_parameters`: the URL lacks `payment_intent` or `payment_intent_client_secret`.
 * - `invalid_parameters`: they are not shaped like Stripe ids.
 * - `not_found`: Stripe has no such PaymentIntent.
 * - `client_secret_mismatch`: the secret in the URL is not this PaymentIntent's.
 * - `provider_error`: Stripe could not be asked.
 */
export type ReturnVerificationErrorCode =
	| 'missing_parameters'
	| 'invalid_parameters'
	| 'not_found'
	| 'client_secret_mismatch'
	| 'provider_error';

/** Thrown by `verifyReturn`; the message is safe to show. */
export class ReturnVerificationError extends Error {
	constructor(
		readonly code: ReturnVerificationErrorCode,
		message: string
	) {
		super(message);
		this.name = 'ReturnVerificationError';
	}
}

/** A verified return: the status comes from Stripe, not from the URL. */
export interface VerifiedReturn {
	status: Stripe.PaymentIntent.Status;
	paymentIntent: Stripe.PaymentIntent;
}

/** Options of `verifyReturn`. */
export interface VerifyReturnOptions {
	stripe: Stripe;
	/** The URL Stripe redirected to, e.g. SvelteKit's `url` in a `load` function. */
	url: URL | string;
}

// Checked before the id goes into a Stripe API path.
const returnParams = z.object({
	paymentIntent: z.string().regex(/^pi_[A-Za-z0-9]{1,250}$/),
	clientSecret: z
		.string()
		.regex(/^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/)
		.max(500)
});

/**
 * Checks the return URL of a redirect-based payment: retrieves the PaymentIntent named in
 * `payment_intent` and compares its client secret with `payment_intent_client_secret` in
 * constant time, so a shopper cannot view another order's status by editing the URL.
 * @throws {ReturnVerificationError} with a stable `code`.
 * @example
 * export async function load({ url }) {
 *   const { status } = await verifyReturn({ stripe, url });
 *   return { status };
 * }
 */
export async function verifyReturn(options: VerifyReturnOptions): Promise<VerifiedReturn> {
	const url = typeof options.url === 'string' ? new URL(options.url) : options.url;
	const paymentIntent = url.searchParams.get('payment_intent');
	const clientSecret = url.searchParams.get('payment_intent_client_secret');
	if (!paymentIntent || !clientSecret) {
		throw new ReturnVerificationError('missing_parameters', 'This page needs a payment to show.');
	}
	const parsed = returnParams.safeParse({ paymentIntent, clientSecret });
	if (!parsed.success) {
		throw new ReturnVerificationError('invalid_parameters', 'This payment link is not valid.');
	}

	let intent: Stripe.PaymentIntent;
	try {
		intent = await options.stripe.paymentIntents.retrieve(parsed.data.paymentIntent);
	} catch (error) {
		if (isMissing(error)) {
			throw new ReturnVerificationError('not_found', 'This payment does not exist.');
		}
		throw new ReturnVerificationError('provider_error', 'The payment could not be checked.');
	}
	if (!intent.client_secret || !timingSafeEqual(intent.client_secret, parsed.data.clientSecret)) {
		// Same words as not_found on purpose: the page must not confirm that the id exists.
		throw new ReturnVerificationError('client_secret_mismatch', 'This payment does not exist.');
	}
	return { status: intent.status, paymentIntent: intent };
}

function isMissing(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
	return code === 'resource_missing' || statusCode === 404;
}
