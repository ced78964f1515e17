import type Stripe from 'stripe';
import { z } from 'zod';
import type { Route } from '../state/engine.js';
import { invalidRequest } from '../wire/errors.js';
import { expand, parseParams, str } from '../wire/params.js';
import { previewDetailsSchema, previewSubscriptionInvoice } from './subscriptions.js';

const previewSchema = z
	.object({
		customer: str(255).optional(),
		subscription: str(255).optional(),
		subscription_details: previewDetailsSchema.optional(),
		expand
	})
	.strict();

/** The customer's one live subscription, when `createPreview` names only the customer. */
function onlySubscriptionOf(
	subscriptions: Iterable<Stripe.Subscription>,
	customer: string
): Stripe.Subscription {
	const live = [...subscriptions].filter(
		(sub) => sub.customer === customer && !['canceled', 'incomplete_expired'].includes(sub.status)
	);
	if (live.length !== 1)
		throw invalidRequest(
			live.length === 0
				? `No upcoming invoices for customer: ${customer}`
				: 'This customer has several subscriptions: pass `subscription` to choose one.',
			{ code: 'invoice_upcoming_none' }
		);
	return live[0] as Stripe.Subscription;
}

/** `invoices.createPreview`: the upcoming invoice of a subscription, with a change applied. */
export const invoicePreviewRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/invoices/create_preview',
		handler: ({ engine, params }) => {
			const input = parseParams(previewSchema, params);
			if (!input.subscription && !input.customer)
				throw invalidRequest('Missing required param: customer.', {
					code: 'parameter_missing',
					param: 'customer'
				});
			if (input.customer) engine.customers.get(input.customer, 'customer');
			const sub = input.subscription
				? engine.subscriptions.get(input.subscription, 'subscription')
				: onlySubscriptionOf(engine.subscriptions.values(), input.customer as string);
			if (input.customer && sub.customer !== input.customer)
				throw invalidRequest('The subscription does not belong to this customer.', {
					param: 'subscription'
				});
			return engine.atTime(engine.clockTimeOf(String(sub.customer)), () =>
				engine.expand(
					previewSubscriptionInvoice(engine, sub, input.subscription_details ?? {}),
					input.expand
				)
			);
		}
	}
];
