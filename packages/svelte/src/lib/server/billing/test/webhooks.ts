// Webhook deliveries as Stripe sends them, signed with the sandbox's signer, for the billing tests.
import { signPayload } from '@nobs-pay/sandbox';

/** A webhook POST carrying `event`, with a `Stripe-Signature` made now with `secret`. */
export function signedDelivery(event: unknown, secret: string): Request {
	const payload = JSON.stringify(event);
	return new Request('http://127.0.0.1/stripe/webhook', {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'stripe-signature': signPayload(payload, secret, Math.floor(Date.now() / 1000))
		},
		body: payload
	});
}
