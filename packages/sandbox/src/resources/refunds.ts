import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest } from '../wire/errors.js';
import {
	createdFilter,
	expand,
	int,
	listParams,
	MAX_AMOUNT,
	metadata,
	parseParams,
	str
} from '../wire/params.js';

const refundSchema = z
	.object({
		payment_intent: str(255).optional(),
		charge: str(255).optional(),
		amount: int({ min: 1, max: MAX_AMOUNT * 100 }).optional(),
		reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
		metadata: metadata.optional(),
		instructions_email: str(800).optional(),
		expand
	})
	.strict();

function createRefund(engine: Engine, input: z.infer<typeof refundSchema>): Stripe.Refund {
	let charge: Stripe.Charge;
	if (input.charge) charge = engine.charges.get(input.charge, 'charge');
	else if (input.payment_intent) {
		const pi = engine.paymentIntents.get(input.payment_intent, 'payment_intent');
		if (!pi.latest_charge || pi.status !== 'succeeded')
			throw invalidRequest(
				`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
				{ code: 'charge_not_refundable', param: 'payment_intent' }
			);
		charge = engine.charges.get(
			typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge.id
		);
	} else
		throw invalidRequest(
			'One of the following params should be provided for this request: payment_intent or charge.',
			{ code: 'parameter_missing' }
		);
	if (!charge.paid || !charge.captured)
		throw invalidRequest(`Charge ${charge.id} has not been captured and cannot be refunded.`, {
			code: 'charge_not_refundable'
		});
	const remaining = charge.amount_captured - charge.amount_refunded;
	if (remaining <= 0)
		throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
			code: 'charge_already_refunded'
		});
	const amount = input.amount ?? remaining;
	if (amount > remaining)
		throw invalidRequest(
			`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
			{ code: 'amount_too_large', param: 'amount' }
		);
	const refund: Stripe.Refund = {
		id: newId('re_'),
		object: 'refund',
		amount,
		balance_transaction: newId('txn_'),
		charge: charge.id,
		created: engine.now(),
		currency: charge.currency,
		customer: charge.customer,
		customer_account: null,
		metadata: input.metadata ?? {},
		payment_intent: charge.payment_intent,
		payment_method: charge.payment_method,
		reason: input.reason ?? null,
		receipt_number: null,
		source_transfer_reversal: null,
		status: 'succeeded',
		transfer_reversal: null
	};
	engine.refunds.insert(refund);
	const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
	charge.amount_refunded += amount;
	charge.refunded = charge.amount_refunded === charge.amount_captured;
	charge.refunds?.data.unshift(refund);
	engine.emit('refund.created', refund);
	engine.emit('charge.refunded', charge, previous);
	return refund;
}

export const refundRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/refunds',
		handler: ({ engine, params }) => {
			const input = parseParams(refundSchema, params);
			return engine.expand(createRefund(engine, input), input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/refunds/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ expand }).strict(), params);
			return engine.expand(engine.refunds.get(path.id as string, 'refund'), input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/refunds',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						charge: str(255).optional(),
						payment_intent: str(255).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.refunds.list(
					input,
					(re) =>
						(!input.charge || re.charge === input.charge) &&
						(!input.payment_intent || re.payment_intent === input.payment_intent)
				),
				input.expand
			);
		}
	}
];
