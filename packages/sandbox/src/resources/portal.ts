import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest } from '../wire/errors.js';
import { expand, int, parseParams, str } from '../wire/params.js';

const subscriptionRef = z.object({ subscription: str(255) }).strict();

const flowData = z
	.object({
		type: z.enum([
			'customer_update',
			'payment_method_update',
			'subscription_cancel',
			'subscription_pause',
			'subscription_update',
			'subscription_update_confirm'
		]),
		after_completion: z
			.object({
				type: z.enum(['hosted_confirmation', 'portal_homepage', 'redirect']),
				hosted_confirmation: z
					.object({ custom_message: str(500).optional() })
					.strict()
					.optional(),
				redirect: z
					.object({ return_url: z.url().max(5000) })
					.strict()
					.optional()
			})
			.strict()
			.optional(),
		subscription_cancel: subscriptionRef
			.extend({
				retention: z
					.object({
						type: z.literal('coupon_offer'),
						coupon_offer: z.object({ coupon: str(255) }).strict()
					})
					.strict()
					.optional()
			})
			.strict()
			.optional(),
		subscription_pause: subscriptionRef.optional(),
		subscription_update: subscriptionRef.optional(),
		subscription_update_confirm: subscriptionRef
			.extend({
				items: z
					.array(
						z
							.object({
								id: str(255),
								price: str(255).optional(),
								quantity: int({ min: 0, max: 1_000_000 }).optional()
							})
							.strict()
					)
					.min(1)
					.max(20),
				discounts: z
					.array(
						z.object({ coupon: str(255).optional(), promotion_code: str(255).optional() }).strict()
					)
					.max(20)
					.optional()
			})
			.strict()
			.optional()
	})
	.strict();

const createSchema = z
	.object({
		customer: str(255),
		return_url: z.string().max(5000).optional(),
		configuration: str(255).optional(),
		locale: str(20).optional(),
		on_behalf_of: str(255).optional(),
		flow_data: flowData.optional(),
		expand
	})
	.strict();

type FlowInput = z.infer<typeof flowData>;

/** The subscription a flow acts on, which must be the session customer's and still live. */
function flowSubscription(
	engine: Engine,
	customer: string,
	id: string,
	param: string
): Stripe.Subscription {
	const sub = engine.subscriptions.get(id, param);
	if (sub.customer !== customer)
		throw invalidRequest(
			`The subscription \`${id}\` does not belong to customer \`${customer}\`.`,
			{
				param
			}
		);
	if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
		throw invalidRequest(`The subscription \`${id}\` has been canceled and cannot be updated.`, {
			param
		});
	return sub;
}

/** Checks `flow_data` as Stripe does and returns the session's `flow`. */
function buildFlow(
	engine: Engine,
	customer: string,
	input: FlowInput
): Stripe.BillingPortal.Session.Flow {
	const { type } = input;
	if (type === 'customer_update' || type === 'subscription_pause')
		throw invalidRequest(`The sandbox does not model the \`${type}\` portal flow.`, {
			param: 'flow_data[type]'
		});
	const after = input.after_completion ?? { type: 'portal_homepage' as const };
	if (after.type === 'redirect' && !after.redirect)
		throw invalidRequest('Missing required param: flow_data[after_completion][redirect].', {
			code: 'parameter_missing',
			param: 'flow_data[after_completion][redirect]'
		});
	const flow: Stripe.BillingPortal.Session.Flow = {
		after_completion: {
			type: after.type,
			hosted_confirmation:
				after.type === 'hosted_confirmation'
					? { custom_message: after.hosted_confirmation?.custom_message ?? null }
					: null,
			redirect: after.type === 'redirect' && after.redirect ? after.redirect : null
		},
		customer_update: null,
		subscription_cancel: null,
		subscription_pause: null,
		subscription_update: null,
		subscription_update_confirm: null,
		type
	};
	if (type === 'payment_method_update') return flow;
	const details = input[type];
	const param = `flow_data[${type}]`;
	if (!details)
		throw invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
	const sub = flowSubscription(engine, customer, details.subscription, `${param}[subscription]`);
	if (type === 'subscription_cancel' && input.subscription_cancel) {
		if (sub.cancel_at_period_end || sub.cancel_at !== null)
			throw invalidRequest(`The subscription \`${sub.id}\` is already set to be canceled.`, {
				param: `${param}[subscription]`
			});
		flow.subscription_cancel = {
			subscription: sub.id,
			retention: input.subscription_cancel.retention ?? null
		};
	}
	if (type === 'subscription_update') flow.subscription_update = { subscription: sub.id };
	if (type === 'subscription_update_confirm' && input.subscription_update_confirm) {
		const items = input.subscription_update_confirm.items;
		for (const [i, item] of items.entries()) {
			if (!sub.items.data.some((existing) => existing.id === item.id))
				throw invalidRequest(`No such subscription item: '${item.id}'`, {
					code: 'resource_missing',
					param: `${param}[items][${i}][id]`
				});
			if (item.price) {
				const price = engine.prices.get(item.price, `${param}[items][${i}][price]`);
				if (!price.active || price.type !== 'recurring' || price.currency !== sub.currency)
					throw invalidRequest(
						`The price \`${price.id}\` cannot be used for this subscription: it must be an active recurring price in ${sub.currency}.`,
						{ param: `${param}[items][${i}][price]` }
					);
			}
		}
		flow.subscription_update_confirm = {
			subscription: sub.id,
			items: items.map((item) => ({
				id: item.id,
				price: item.price ?? null,
				quantity: item.quantity ?? null
			})) as Stripe.BillingPortal.Session.Flow.SubscriptionUpdateConfirm.Item[],
			discounts: (input.subscription_update_confirm.discounts?.map((d) => ({
				coupon: d.coupon ?? null,
				promotion_code: d.promotion_code ?? null
			})) ?? null) as Stripe.BillingPortal.Session.Flow.SubscriptionUpdateConfirm['discounts']
		};
	}
	return flow;
}

export const portalRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/billing_portal/sessions',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			const customer = engine.customers.get(input.customer, 'customer');
			const id = newId('bps_');
			const session: Stripe.BillingPortal.Session = {
				id,
				object: 'billing_portal.session',
				configuration: input.configuration ?? 'bpc_sandbox_default',
				created: engine.now(),
				customer: customer.id,
				customer_account: null,
				flow: input.flow_data ? buildFlow(engine, customer.id, input.flow_data) : null,
				livemode: false,
				locale: input.locale ?? null,
				on_behalf_of: input.on_behalf_of ?? null,
				return_url: input.return_url ?? null,
				url: `${engine.origin}/p/session/${id}`
			};
			engine.portalSessions.insert(session);
			engine.emit('billing_portal.session.created', session);
			return engine.expand(session, input.expand);
		}
	}
];
