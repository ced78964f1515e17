import type Stripe from 'stripe';
import { z } from 'zod';
import { lookupCard } from '../cards.js';
import { API_VERSION, type Engine, type Route, type RouteContext } from '../state/engine.js';
import { newId } from '../state/store.js';
import { mergeMetadata } from '../state/updates.js';
import { invalidRequest, resourceMissing, unexpectedState } from '../wire/errors.js';
import {
	bool,
	checkAmount,
	createdFilter,
	currency,
	expand,
	int,
	listParams,
	MAX_AMOUNT,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { resolvePaymentMethod } from './payment-methods.js';
import { failAttempt, settlePayment, startDebit, succeedAttempt } from './settlement.js';

// The challenge page imports it from here.
export { finishChallenge } from './settlement.js';

/** Objects Stripe accepts but the sandbox does not model: taken as given, never inspected. */
const opaque = z.record(z.string(), z.unknown());

const common = {
	customer: str(255).optional(),
	description: str(1000).optional(),
	metadata: metadata.optional(),
	payment_method: str(255).optional(),
	receipt_email: str(800).optional(),
	setup_future_usage: z.enum(['on_session', 'off_session']).or(z.literal('')).optional(),
	shipping: opaque.or(z.literal('')).optional(),
	statement_descriptor: str(22).optional(),
	statement_descriptor_suffix: str(22).optional(),
	allowed_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
	// The list's name before this API version: accepted from clients pinned to an older version only.
	payment_method_types: z.array(z.string().max(50)).max(30).optional(),
	excluded_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
	payment_method_options: opaque.optional(),
	payment_method_data: opaque.optional(),
	payment_method_configuration: str(255).optional(),
	payment_details: opaque.optional(),
	amount_details: opaque.optional(),
	hooks: opaque.optional(),
	transfer_data: opaque.optional(),
	transfer_group: str(255).optional(),
	expand
};

const confirmFields = {
	return_url: z.string().max(2048).optional(),
	off_session: z.union([bool, z.enum(['one_off', 'recurring'])]).optional(),
	error_on_requires_action: bool.optional(),
	use_stripe_sdk: bool.optional(),
	mandate_data: opaque.optional(),
	mandate: str(255).optional()
};

const createSchema = z
	.object({
		...common,
		...confirmFields,
		amount: int({ min: 0, max: MAX_AMOUNT * 100 }),
		currency,
		automatic_payment_methods: z
			.object({ enabled: bool, allow_redirects: z.enum(['always', 'never']).optional() })
			.strict()
			.optional(),
		capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
		confirmation_method: z.enum(['automatic', 'manual']).optional(),
		confirm: bool.optional(),
		application_fee_amount: int({ min: 0 }).optional(),
		on_behalf_of: str(255).optional(),
		radar_options: opaque.optional()
	})
	.strict();

const updateSchema = z
	.object({
		...common,
		amount: int({ min: 0, max: MAX_AMOUNT * 100 }).optional(),
		currency: currency.optional(),
		capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional()
	})
	.strict();

const confirmSchema = z
	.object({
		...confirmFields,
		client_secret: str(500).optional(),
		payment_method: str(255).optional(),
		payment_method_data: opaque.optional(),
		payment_method_options: opaque.optional(),
		allowed_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		excluded_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		amount_details: opaque.optional(),
		payment_details: opaque.optional(),
		hooks: opaque.optional(),
		radar_options: opaque.optional(),
		receipt_email: str(800).optional(),
		setup_future_usage: z.enum(['on_session', 'off_session']).or(z.literal('')).optional(),
		shipping: opaque.or(z.literal('')).optional(),
		capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional(),
		expected_payment_method_type: z.string().max(50).optional(),
		expand
	})
	.strict();

const CONFIRMABLE: Stripe.PaymentIntent.Status[] = [
	'requires_payment_method',
	'requires_confirmation',
	'requires_action'
];
const UPDATABLE: Stripe.PaymentIntent.Status[] = [
	'requires_payment_method',
	'requires_confirmation',
	'requires_action'
];
const CANCELABLE: Stripe.PaymentIntent.Status[] = [
	'requires_payment_method',
	'requires_capture',
	'requires_confirmation',
	'requires_action',
	'processing'
];

export function challengeUrl(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	returnUrl: string | null
): string {
	const query = new URLSearchParams({ client_secret: pi.client_secret ?? '' });
	if (returnUrl) query.set('return_url', returnUrl);
	return `${engine.origin}/3ds/${pi.id}?${query}`;
}

export interface ConfirmOptions {
	paymentMethod?: string | undefined;
	returnUrl?: string | undefined;
	offSession?: boolean | string | undefined;
	errorOnRequiresAction?: boolean | undefined;
	useStripeSdk?: boolean | undefined;
}

/**
 * Runs one confirmation through the status machine. Throws the 402 card error for a decline
 * (after recording it), as the API does.
 */
export function confirmPaymentIntent(
	engine: Engine,
	pi: Stripe.PaymentIntent,
	options: ConfirmOptions
): Stripe.PaymentIntent {
	if (!CONFIRMABLE.includes(pi.status))
		throw unexpectedState(
			`You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.`
		);
	if (options.paymentMethod)
		pi.payment_method = resolvePaymentMethod(engine, options.paymentMethod).id;
	if (!pi.payment_method)
		throw invalidRequest(
			"You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, provide it in the `payment_method` parameter.",
			{ code: 'payment_intent_unexpected_state' }
		);
	const pm = engine.paymentMethods.get(
		typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method.id,
		'payment_method'
	);
	checkAmount(pi.amount, pi.currency);
	if (pm.type === 'sepa_debit') {
		if (pi.currency !== 'eur')
			throw invalidRequest(
				`The currency provided (${pi.currency}) is invalid for one or more payment method types on this PaymentIntent. SEPA Direct Debit accepts eur.`,
				{ param: 'payment_method' }
			);
		startDebit(engine, pi, pm);
		return pi;
	}
	const number = engine.cardNumbers.get(pm.id) ?? '4242424242424242';
	const outcome = lookupCard(number).outcome;
	if (outcome.kind === 'decline') throw failAttempt(engine, pi, pm, outcome, true);
	if (outcome.kind === 'authenticate') {
		if (
			options.offSession === true ||
			options.offSession === 'one_off' ||
			options.offSession === 'recurring' ||
			options.errorOnRequiresAction
		) {
			throw failAttempt(
				engine,
				pi,
				pm,
				{
					code: 'authentication_required',
					declineCode: 'authentication_required',
					message: 'Your card was declined. This transaction requires authentication.'
				},
				true
			);
		}
		const returnUrl = options.returnUrl ?? null;
		const url = challengeUrl(engine, pi, returnUrl);
		pi.status = 'requires_action';
		pi.next_action =
			returnUrl && !options.useStripeSdk
				? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
				: {
						type: 'use_stripe_sdk',
						use_stripe_sdk: {
							type: 'three_d_secure_redirect',
							stripe_js: url,
							source: pm.id
						} as Stripe.PaymentIntent.NextAction.UseStripeSdk
					};
		engine.emit('payment_intent.requires_action', pi);
		return pi;
	}
	succeedAttempt(engine, pi, pm);
	return pi;
}

export interface CreateIntentInput {
	amount: number;
	currency: string;
	customer?: string | null | undefined;
	description?: string | null | undefined;
	metadata?: Stripe.Metadata | undefined;
	paymentMethod?: string | undefined;
	setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage | null | undefined;
}

/** Creates a PaymentIntent; also used by checkout sessions and subscription invoices. */
export function createPaymentIntent(
	engine: Engine,
	input: CreateIntentInput,
	extra: Partial<Stripe.PaymentIntent> = {}
): Stripe.PaymentIntent {
	const id = newId('pi_');
	const pi: Stripe.PaymentIntent = {
		id,
		object: 'payment_intent',
		allowed_payment_method_types: null,
		amount: input.amount,
		amount_capturable: 0,
		amount_received: 0,
		application: null,
		application_fee_amount: null,
		automatic_payment_methods: { allow_redirects: 'always', enabled: true },
		canceled_at: null,
		cancellation_reason: null,
		capture_method: 'automatic_async',
		client_secret: `${id}_secret_${newId('', 25)}`,
		confirmation_method: 'automatic',
		created: engine.now(),
		currency: input.currency,
		customer: input.customer ?? null,
		customer_account: null,
		description: input.description ?? null,
		excluded_payment_method_types: null,
		last_payment_error: null,
		latest_charge: null,
		livemode: false,
		managed_payments: null,
		metadata: input.metadata ?? {},
		next_action: null,
		on_behalf_of: null,
		payment_method: null,
		payment_method_configuration_details: null,
		payment_method_options: {
			card: {
				installments: null,
				mandate_options: null,
				network: null,
				request_three_d_secure: 'automatic'
			}
		},
		payment_method_types: ['card'],
		payment_record: null,
		processing: null,
		receipt_email: null,
		review: null,
		setup_future_usage: input.setupFutureUsage ?? null,
		shipping: null,
		source: null,
		statement_descriptor: null,
		statement_descriptor_suffix: null,
		status: 'requires_payment_method',
		transfer_data: null,
		transfer_group: null,
		...extra
	};
	if (input.paymentMethod) {
		pi.payment_method = resolvePaymentMethod(engine, input.paymentMethod).id;
		pi.status = 'requires_confirmation';
	}
	engine.paymentIntents.insert(pi);
	engine.emit('payment_intent.created', pi);
	return pi;
}

/** The first API version that names the list `allowed_payment_method_types`. */
const RENAMED_PAYMENT_METHOD_TYPES = '2026-10-28';

/** `payment_method_types` as Stripe takes it: the list itself before the rename, unknown after. */
function paymentMethodTypes(
	ctx: RouteContext,
	input: {
		allowed_payment_method_types?: string[] | undefined;
		payment_method_types?: string[] | undefined;
	}
): string[] | undefined {
	if (input.payment_method_types === undefined) return input.allowed_payment_method_types;
	const version = ctx.stripeVersion ?? API_VERSION;
	if (version.slice(0, 10) >= RENAMED_PAYMENT_METHOD_TYPES)
		throw invalidRequest('Received unknown parameter: payment_method_types', {
			code: 'parameter_unknown',
			param: 'payment_method_types'
		});
	return input.allowed_payment_method_types ?? input.payment_method_types;
}

/** Publishable-key callers must prove they hold the intent's client secret, as with Stripe.js. */
function intentFor(ctx: RouteContext, clientSecret: string | undefined): Stripe.PaymentIntent {
	const id = ctx.path.id as string;
	const pi = ctx.engine.paymentIntents.get(id, 'intent');
	if (ctx.auth === 'publishable' && clientSecret !== pi.client_secret)
		throw resourceMissing('payment_intent', id, 'intent');
	return pi;
}

export const paymentIntentRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/payment_intents',
		handler: (ctx) => {
			const { engine } = ctx;
			const input = parseParams(createSchema, ctx.params);
			checkAmount(input.amount, input.currency);
			if (input.customer) engine.customers.get(input.customer, 'customer');
			const allowed = paymentMethodTypes(ctx, input);
			const automatic = allowed
				? null
				: {
						enabled: input.automatic_payment_methods?.enabled ?? true,
						allow_redirects: input.automatic_payment_methods?.allow_redirects ?? 'always'
					};
			const pi = createPaymentIntent(
				engine,
				{
					amount: input.amount,
					currency: input.currency,
					customer: input.customer,
					description: input.description,
					metadata: input.metadata,
					paymentMethod: input.payment_method,
					setupFutureUsage: input.setup_future_usage || null
				},
				{
					automatic_payment_methods: automatic,
					allowed_payment_method_types:
						(allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[] | undefined) ?? null,
					excluded_payment_method_types:
						(input.excluded_payment_method_types as
							Stripe.PaymentIntent.ExcludedPaymentMethodType[] | undefined) ?? null,
					payment_method_types: allowed ?? ['card'],
					capture_method: input.capture_method ?? 'automatic_async',
					confirmation_method: input.confirmation_method ?? 'automatic',
					receipt_email: input.receipt_email ?? null,
					statement_descriptor: input.statement_descriptor ?? null,
					statement_descriptor_suffix: input.statement_descriptor_suffix ?? null,
					transfer_group: input.transfer_group ?? null,
					application_fee_amount: input.application_fee_amount ?? null
				}
			);
			if (input.confirm)
				confirmPaymentIntent(engine, pi, {
					returnUrl: input.return_url,
					offSession: input.off_session,
					errorOnRequiresAction: input.error_on_requires_action,
					useStripeSdk: input.use_stripe_sdk
				});
			return engine.expand(pi, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/payment_intents/:id',
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
		path: '/v1/payment_intents/:id',
		handler: (ctx) => {
			const input = parseParams(updateSchema, ctx.params);
			const pi = intentFor(ctx, undefined);
			if (!UPDATABLE.includes(pi.status))
				throw unexpectedState(
					`You cannot update this PaymentIntent because it has a status of ${pi.status}.`
				);
			const { engine } = ctx;
			if (input.amount !== undefined || input.currency !== undefined)
				checkAmount(input.amount ?? pi.amount, input.currency ?? pi.currency);
			if (input.amount !== undefined) pi.amount = input.amount;
			if (input.currency !== undefined) pi.currency = input.currency;
			if (input.customer !== undefined)
				pi.customer = engine.customers.get(input.customer, 'customer').id;
			if (input.description !== undefined) pi.description = input.description;
			if (input.metadata) pi.metadata = mergeMetadata(pi.metadata, input.metadata);
			if (input.receipt_email !== undefined) pi.receipt_email = input.receipt_email;
			if (input.setup_future_usage !== undefined)
				pi.setup_future_usage = input.setup_future_usage || null;
			if (input.capture_method !== undefined) pi.capture_method = input.capture_method;
			const types = paymentMethodTypes(ctx, input);
			if (types) {
				pi.allowed_payment_method_types = types as Stripe.PaymentIntent.AllowedPaymentMethodType[];
				pi.payment_method_types = types;
				pi.automatic_payment_methods = null;
			}
			if (input.payment_method !== undefined) {
				pi.payment_method = resolvePaymentMethod(engine, input.payment_method).id;
				pi.status = 'requires_confirmation';
			}
			return engine.expand(pi, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_intents/:id/confirm',
		publishable: true,
		handler: (ctx) => {
			const input = parseParams(confirmSchema, ctx.params);
			const pi = intentFor(ctx, input.client_secret);
			const { engine } = ctx;
			if (input.receipt_email !== undefined) pi.receipt_email = input.receipt_email;
			if (input.setup_future_usage !== undefined)
				pi.setup_future_usage = input.setup_future_usage || null;
			if (input.capture_method !== undefined) pi.capture_method = input.capture_method;
			confirmPaymentIntent(engine, pi, {
				paymentMethod: input.payment_method,
				returnUrl: input.return_url,
				offSession: input.off_session,
				errorOnRequiresAction: input.error_on_requires_action,
				useStripeSdk: input.use_stripe_sdk
			});
			return engine.expand(pi, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_intents/:id/cancel',
		handler: (ctx) => {
			const input = parseParams(
				z
					.object({
						cancellation_reason: z
							.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'])
							.optional(),
						expand
					})
					.strict(),
				ctx.params
			);
			const pi = intentFor(ctx, undefined);
			if (!CANCELABLE.includes(pi.status))
				throw unexpectedState(
					`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`
				);
			pi.status = 'canceled';
			pi.canceled_at = ctx.engine.now();
			pi.cancellation_reason = input.cancellation_reason ?? null;
			pi.next_action = null;
			pi.amount_capturable = 0;
			ctx.engine.emit('payment_intent.canceled', pi);
			return ctx.engine.expand(pi, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_intents/:id/capture',
		handler: (ctx) => {
			const input = parseParams(
				z
					.object({
						amount_to_capture: int({ min: 1 }).optional(),
						metadata: metadata.optional(),
						expand
					})
					.strict(),
				ctx.params
			);
			const pi = intentFor(ctx, undefined);
			if (pi.status !== 'requires_capture')
				throw unexpectedState(
					`This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`
				);
			const amount = input.amount_to_capture ?? pi.amount_capturable;
			if (amount > pi.amount_capturable)
				throw invalidRequest(
					'The amount to capture must be less than or equal to the amount capturable.',
					{ code: 'amount_too_large', param: 'amount_to_capture' }
				);
			const charge = ctx.engine.charges.get(String(pi.latest_charge));
			charge.captured = true;
			charge.amount_captured = amount;
			if (input.metadata) pi.metadata = mergeMetadata(pi.metadata, input.metadata);
			settlePayment(ctx.engine, pi, charge, {
				status: 'succeeded',
				chargeEvent: 'charge.captured'
			});
			return ctx.engine.expand(pi, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/payment_intents',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						customer: str(255).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.paymentIntents.list(
					input,
					(pi) => !input.customer || pi.customer === input.customer
				),
				input.expand
			);
		}
	}
];
