import type Stripe from 'stripe';
import { z } from 'zod';
import { lookupCard } from '../cards.js';
import type { Engine, Route, RouteContext } from '../state/engine.js';
import { newId } from '../state/store.js';
import { resourceMissing, StripeApiError, unexpectedState } from '../wire/errors.js';
import { bool, expand, metadata, parseParams, str } from '../wire/params.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

const opaque = z.record(z.string(), z.unknown());

const createSchema = z
	.object({
		customer: str(255).optional(),
		payment_method: str(255).optional(),
		allowed_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		excluded_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		payment_method_data: opaque.optional(),
		payment_method_configuration: str(255).optional(),
		use_stripe_sdk: bool.optional(),
		single_use: opaque.optional(),
		flow_directions: z.array(z.enum(['inbound', 'outbound'])).optional(),
		mandate_data: opaque.optional(),
		automatic_payment_methods: z
			.object({ enabled: bool, allow_redirects: z.enum(['always', 'never']).optional() })
			.strict()
			.optional(),
		usage: z.enum(['on_session', 'off_session']).optional(),
		description: str(1000).optional(),
		metadata: metadata.optional(),
		confirm: bool.optional(),
		return_url: z.string().max(2048).optional(),
		payment_method_options: opaque.optional(),
		expand
	})
	.strict();

const confirmSchema = z
	.object({
		client_secret: str(500).optional(),
		payment_method: str(255).optional(),
		payment_method_data: opaque.optional(),
		return_url: z.string().max(2048).optional(),
		use_stripe_sdk: bool.optional(),
		mandate_data: opaque.optional(),
		expand
	})
	.strict();

/** Saves a card for later. Cards that always need authentication ask for it here too. */
function confirmSetupIntent(
	engine: Engine,
	si: Stripe.SetupIntent,
	paymentMethod: string | undefined,
	returnUrl: string | undefined
): void {
	if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status))
		throw unexpectedState(
			`You cannot confirm this SetupIntent because it has a status of ${si.status}.`
		);
	if (paymentMethod) si.payment_method = resolvePaymentMethod(engine, paymentMethod).id;
	if (!si.payment_method)
		throw unexpectedState(
			"You cannot confirm this SetupIntent because it's missing a payment method."
		);
	const pm = engine.paymentMethods.get(String(si.payment_method));
	const outcome = lookupCard(engine.cardNumbers.get(pm.id) ?? '').outcome;
	if (outcome.kind === 'decline') {
		si.status = 'requires_payment_method';
		si.last_setup_error = {
			type: 'card_error',
			code: outcome.code as Stripe.SetupIntent.LastSetupError.Code,
			decline_code: outcome.declineCode,
			message: outcome.message,
			payment_method: pm
		};
		si.payment_method = null;
		engine.emit('setup_intent.setup_failed', si);
		throw new StripeApiError(402, {
			type: 'card_error',
			code: outcome.code,
			decline_code: outcome.declineCode,
			message: outcome.message,
			setup_intent: si,
			payment_method: pm
		});
	}
	if (outcome.kind === 'authenticate' && si.status !== 'requires_action') {
		const query = new URLSearchParams({ client_secret: si.client_secret ?? '' });
		if (returnUrl) query.set('return_url', returnUrl);
		const url = `${engine.origin}/3ds/${si.id}?${query}`;
		si.status = 'requires_action';
		si.next_action = returnUrl
			? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
			: {
					type: 'use_stripe_sdk',
					use_stripe_sdk: {
						type: 'three_d_secure_redirect',
						stripe_js: url
					} as Stripe.SetupIntent.NextAction.UseStripeSdk
				};
		engine.emit('setup_intent.requires_action', si);
		return;
	}
	finishSetup(engine, si, true);
}

export function finishSetup(engine: Engine, si: Stripe.SetupIntent, completed: boolean): void {
	const pm = engine.paymentMethods.get(String(si.payment_method));
	si.next_action = null;
	if (!completed) {
		si.status = 'requires_payment_method';
		si.last_setup_error = {
			type: 'card_error',
			code: 'setup_intent_authentication_failure',
			message:
				'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
			payment_method: pm
		};
		si.payment_method = null;
		engine.emit('setup_intent.setup_failed', si);
		return;
	}
	si.status = 'succeeded';
	si.last_setup_error = null;
	if (typeof si.customer === 'string') attachPaymentMethod(engine, pm, si.customer);
	engine.emit('setup_intent.succeeded', si);
}

function intentFor(ctx: RouteContext, clientSecret: string | undefined): Stripe.SetupIntent {
	const id = ctx.path.id as string;
	const si = ctx.engine.setupIntents.get(id, 'intent');
	if (ctx.auth === 'publishable' && clientSecret !== si.client_secret)
		throw resourceMissing('setup_intent', id, 'intent');
	return si;
}

export const setupIntentRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/setup_intents',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			if (input.customer) engine.customers.get(input.customer, 'customer');
			const id = newId('seti_');
			const si: Stripe.SetupIntent = {
				id,
				object: 'setup_intent',
				allowed_payment_method_types: null,
				application: null,
				automatic_payment_methods: input.allowed_payment_method_types
					? null
					: { enabled: true, allow_redirects: 'always' },
				cancellation_reason: null,
				client_secret: `${id}_secret_${newId('', 25)}`,
				created: engine.now(),
				customer: input.customer ?? null,
				description: input.description ?? null,
				excluded_payment_method_types: null,
				last_setup_error: null,
				latest_attempt: null,
				livemode: false,
				mandate: null,
				metadata: input.metadata ?? {},
				next_action: null,
				on_behalf_of: null,
				payment_method: input.payment_method
					? resolvePaymentMethod(engine, input.payment_method).id
					: null,
				payment_method_configuration_details: null,
				payment_method_options: null,
				payment_method_types: input.allowed_payment_method_types ?? ['card'],
				single_use_mandate: null,
				status: input.payment_method ? 'requires_confirmation' : 'requires_payment_method',
				usage: input.usage ?? 'off_session'
			};
			engine.setupIntents.insert(si);
			engine.emit('setup_intent.created', si);
			if (input.confirm) confirmSetupIntent(engine, si, undefined, input.return_url);
			return engine.expand(si, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/setup_intents/:id',
		publishable: true,
		handler: (ctx) => {
			const input = parseParams(
				z.object({ client_secret: str(500).optional(), expand }).strict(),
				ctx.params
			);
			return ctx.engine.expand(intentFor(ctx, input.client_secret), input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/setup_intents/:id/confirm',
		publishable: true,
		handler: (ctx) => {
			const input = parseParams(confirmSchema, ctx.params);
			const si = intentFor(ctx, input.client_secret);
			confirmSetupIntent(ctx.engine, si, input.payment_method, input.return_url);
			return ctx.engine.expand(si, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/setup_intents/:id/cancel',
		handler: (ctx) => {
			const input = parseParams(
				z
					.object({
						cancellation_reason: z
							.enum(['abandoned', 'duplicate', 'requested_by_customer'])
							.optional(),
						expand
					})
					.strict(),
				ctx.params
			);
			const si = intentFor(ctx, undefined);
			if (si.status === 'succeeded' || si.status === 'canceled')
				throw unexpectedState(
					`You cannot cancel this SetupIntent because it has a status of ${si.status}.`
				);
			si.status = 'canceled';
			ctx.engine.emit('setup_intent.canceled', si);
			return ctx.engine.expand(si, input.expand);
		}
	}
];
