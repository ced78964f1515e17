import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { createdFilter, expand, listParams, parseParams, str } from '../wire/params.js';

/** What a failed attempt records on its charge and its PaymentIntent. */
export interface PaymentFailure {
	code: string;
	declineCode: string;
	message: string;
}

/** Records one attempt to move money for a PaymentIntent; a failure gives a `failed` charge. */
export function buildCharge(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	pm: Stripe.PaymentMethod,
	failure?: PaymentFailure
): Stripe.Charge {
	const captured = !failure && pi.capture_method !== 'manual';
	const card = pm.card;
	const id = newId('ch_');
	const charge: Stripe.Charge = {
		id,
		object: 'charge',
		amount: pi.amount,
		amount_captured: captured ? pi.amount : 0,
		amount_refunded: 0,
		application: null,
		application_fee: null,
		application_fee_amount: null,
		balance_transaction: failure ? null : newId('txn_'),
		billing_details: pm.billing_details,
		calculated_statement_descriptor: 'NOBS PAY SANDBOX',
		captured,
		created: engine.now(),
		currency: pi.currency,
		customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
		description: pi.description,
		disputed: false,
		failure_balance_transaction: null,
		failure_code: failure?.code ?? null,
		failure_message: failure?.message ?? null,
		fraud_details: {},
		livemode: false,
		metadata: { ...pi.metadata },
		on_behalf_of: null,
		outcome: {
			advice_code: null,
			network_advice_code: null,
			network_decline_code: null,
			network_status: failure ? 'declined_by_network' : 'approved_by_network',
			reason: failure?.declineCode ?? null,
			risk_level: 'normal',
			seller_message: failure
				? 'The bank did not return any further details with this decline.'
				: 'Payment complete.',
			type: failure ? 'issuer_declined' : 'authorized'
		},
		paid: !failure,
		payment_intent: pi.id,
		payment_method: pm.id,
		payment_method_details: {
			type: 'card',
			...(card
				? {
						card: {
							amount_authorized: failure ? null : pi.amount,
							electronic_commerce_indicator: null,
							transaction_link_id: null,
							authorization_code: failure ? null : '123456',
							brand: card.brand,
							checks: card.checks,
							country: card.country,
							exp_month: card.exp_month,
							exp_year: card.exp_year,
							fingerprint: card.fingerprint ?? null,
							funding: card.funding,
							installments: null,
							last4: card.last4,
							mandate: null,
							network: card.brand,
							network_token: null,
							network_transaction_id: null,
							regulated_status: card.regulated_status,
							three_d_secure: null,
							wallet: null
						} satisfies Stripe.Charge.PaymentMethodDetails.Card
					}
				: {})
		},
		receipt_email: pi.receipt_email,
		receipt_number: null,
		// The receipt page (`billing-pages.ts`), signed like every hosted page.
		receipt_url: `${engine.origin}/receipts/${id}/${engine.pageToken(id)}`,
		refunded: false,
		// Shown as in Stripe's published sample; `refunds.create` adds each refund, newest first.
		refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
		review: null,
		shipping: null,
		source: null,
		source_transfer: null,
		statement_descriptor: pi.statement_descriptor,
		statement_descriptor_suffix: pi.statement_descriptor_suffix,
		status: failure ? 'failed' : 'succeeded',
		transfer_data: null,
		transfer_group: pi.transfer_group
	};
	return engine.charges.insert(charge);
}

export const chargeRoutes: Route[] = [
	{
		method: 'GET',
		path: '/v1/charges/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ expand }).strict(), params);
			return engine.expand(engine.charges.get(path.id as string, 'charge'), input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/charges',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						transfer_group: str(255).optional(),
						customer: str(255).optional(),
						payment_intent: str(255).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.charges.list(
					input,
					(ch) =>
						(!input.customer || ch.customer === input.customer) &&
						(!input.payment_intent || ch.payment_intent === input.payment_intent) &&
						(!input.transfer_group || ch.transfer_group === input.transfer_group)
				),
				input.expand
			);
		}
	}
];
