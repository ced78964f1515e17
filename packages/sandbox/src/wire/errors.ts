/** Stripe's error envelope: `{ error: { type, code?, message, param?, decline_code?, ... } }`. */
export type StripeErrorType =
	| 'api_error'
	| 'card_error'
	| 'idempotency_error'
	| 'invalid_request_error'
	| 'authentication_error';

export interface StripeErrorBody {
	type: StripeErrorType;
	message: string;
	code?: string;
	param?: string;
	decline_code?: string;
	doc_url?: string;
	/** Card errors carry the objects they concern, as on Stripe. */
	payment_intent?: unknown;
	setup_intent?: unknown;
	payment_method?: unknown;
	charge?: string;
}

/** Thrown anywhere in a handler; the server turns it into Stripe's status and body. */
export class StripeApiError extends Error {
	readonly status: number;
	readonly body: StripeErrorBody;

	constructor(status: number, body: StripeErrorBody) {
		super(body.message);
		this.status = status;
		this.body = body;
	}

	toJSON(): { error: StripeErrorBody } {
		const { code } = this.body;
		return {
			error: code
				? {
						doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`,
						...this.body
					}
				: this.body
		};
	}
}

export const invalidRequest = (
	message: string,
	extra: Partial<StripeErrorBody> = {}
): StripeApiError => new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });

export const resourceMissing = (kind: string, id: string, param = 'id'): StripeApiError =>
	new StripeApiError(404, {
		type: 'invalid_request_error',
		code: 'resource_missing',
		message: `No such ${kind}: '${id}'`,
		param
	});

export const unknownUrl = (method: string, path: string): StripeApiError =>
	new StripeApiError(404, {
		type: 'invalid_request_error',
		message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`
	});

export const unexpectedState = (message: string, param?: string): StripeApiError =>
	invalidRequest(message, { code: 'payment_intent_unexpected_state', ...(param ? { param } : {}) });
