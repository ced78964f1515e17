import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest } from '../wire/errors.js';
import {
	bool,
	createdFilter,
	expand,
	int,
	listParams,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { createPrice, priceData } from './prices.js';
import { createCustomer } from './customers.js';
import { challengeUrl, confirmPaymentIntent, createPaymentIntent } from './payment-intents.js';
import { attachPaymentMethod } from './payment-methods.js';
import { createSubscription } from './subscriptions.js';
import { retrieveRoute } from './retrieve.js';

const opaque = z.record(z.string(), z.unknown());

const lineItem = z
	.object({
		price: str(255).optional(),
		price_data: priceData.extend({ product_data: priceData.shape.product_data }).optional(),
		quantity: int({ min: 1, max: 999_999 }).optional(),
		adjustable_quantity: opaque.optional(),
		tax_rates: z.array(z.string()).optional()
	})
	.strict();

/** `hosted`/`embedded`/`custom` are the older names of today's ui modes. */
const uiMode = z
	.enum(['hosted_page', 'embedded_page', 'elements', 'form', 'hosted', 'embedded', 'custom'])
	.transform((mode): 'hosted_page' | 'embedded_page' | 'elements' =>
		mode === 'hosted'
			? 'hosted_page'
			: mode === 'embedded'
				? 'embedded_page'
				: mode === 'custom' || mode === 'form'
					? 'elements'
					: mode
	);

const createSchema = z
	.object({
		mode: z.enum(['payment', 'subscription', 'setup']).default('payment'),
		line_items: z.array(lineItem).max(100).optional(),
		success_url: z.string().max(5000).optional(),
		cancel_url: z.string().max(5000).optional(),
		return_url: z.string().max(5000).optional(),
		ui_mode: uiMode.optional(),
		redirect_on_completion: z.enum(['always', 'if_required', 'never']).optional(),
		customer: str(255).optional(),
		customer_email: str(800).optional(),
		customer_creation: z.enum(['always', 'if_required']).optional(),
		client_reference_id: str(200).optional(),
		metadata: metadata.optional(),
		currency: z.string().max(3).optional(),
		expires_at: int({ min: 0 }).optional(),
		locale: str(20).optional(),
		submit_type: z.enum(['auto', 'book', 'donate', 'pay', 'subscribe']).optional(),
		allowed_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		excluded_payment_method_types: z.array(z.string().max(50)).max(30).optional(),
		payment_method_collection: z.enum(['always', 'if_required']).optional(),
		integration_identifier: str(200).optional(),
		allow_promotion_codes: bool.optional(),
		billing_address_collection: z.enum(['auto', 'required']).optional(),
		payment_intent_data: z
			.object({
				metadata: metadata.optional(),
				description: str(1000).optional(),
				setup_future_usage: z.enum(['on_session', 'off_session']).optional(),
				receipt_email: str(800).optional(),
				capture_method: z.enum(['automatic', 'automatic_async', 'manual']).optional()
			})
			.strict()
			.optional(),
		subscription_data: z
			.object({
				metadata: metadata.optional(),
				trial_period_days: int({ min: 1, max: 730 }).optional(),
				description: str(500).optional()
			})
			.strict()
			.optional(),
		automatic_tax: opaque.optional(),
		consent_collection: opaque.optional(),
		custom_text: opaque.optional(),
		phone_number_collection: opaque.optional(),
		shipping_address_collection: opaque.optional(),
		tax_id_collection: opaque.optional(),
		saved_payment_method_options: opaque.optional(),
		invoice_creation: opaque.optional(),
		// Accepted as Stripe does, but not modelled by the sandbox.
		...Object.fromEntries(
			[
				'adaptive_pricing',
				'after_expiration',
				'branding_settings',
				'custom_fields',
				'customer_update',
				'discounts',
				'managed_payments',
				'name_collection',
				'optional_items',
				'origin_context',
				'payment_method_configuration',
				'payment_method_data',
				'payment_method_options',
				'permissions',
				'setup_intent_data',
				'shipping_options',
				'wallet_options'
			].map((key) => [key, z.unknown().optional()])
		),
		expand
	})
	.strict();

const DAY = 86_400;

function buildLineItems(engine: Engine, input: z.infer<typeof createSchema>): Stripe.LineItem[] {
	if (input.mode !== 'setup' && (!input.line_items || input.line_items.length === 0))
		throw invalidRequest('`line_items` is required in `payment` and `subscription` mode.', {
			code: 'parameter_missing',
			param: 'line_items'
		});
	return (input.line_items ?? []).map((item, i) => {
		let price: Stripe.Price;
		if (item.price) price = engine.prices.get(item.price, `line_items[${i}][price]`);
		else if (item.price_data) price = createPrice(engine, item.price_data);
		else
			throw invalidRequest(
				`You must specify either \`price\` or \`price_data\` in line_items[${i}].`,
				{ code: 'parameter_missing', param: `line_items[${i}][price]` }
			);
		if (!price.active)
			throw invalidRequest(`The price \`${price.id}\` is not active.`, {
				param: `line_items[${i}][price]`
			});
		if (input.mode === 'payment' && price.type === 'recurring')
			throw invalidRequest(
				'You must provide at least one recurring price in `subscription` mode when using prices. In `payment` mode, all prices must be one-time.',
				{ param: `line_items[${i}][price]` }
			);
		const quantity = item.quantity ?? 1;
		const amount = (price.unit_amount ?? 0) * quantity;
		return {
			id: newId('li_'),
			object: 'item',
			adjustable_quantity: null,
			amount_discount: 0,
			amount_subtotal: amount,
			amount_tax: 0,
			amount_total: amount,
			currency: price.currency,
			description: engine.products.find(String(price.product))?.name ?? null,
			metadata: {},
			price,
			quantity
		};
	});
}

/** Completes a session once its payment (or first subscription invoice) has succeeded. */
function complete(engine: Engine, session: Stripe.Checkout.Session): void {
	if (session.status !== 'open') return;
	session.status = 'complete';
	session.payment_status = session.amount_total === 0 ? 'no_payment_required' : 'paid';
	engine.emit('checkout.session.completed', session);
}

export function registerCheckoutHooks(engine: Engine): void {
	engine.intentListeners.push((pi) => {
		const sessionId = engine.checkoutSessionByIntent.get(pi.id);
		const session = sessionId ? engine.checkoutSessions.find(sessionId) : undefined;
		if (session && pi.status === 'succeeded') complete(engine, session);
	});
	engine.clock.onAdvance((now) => {
		for (const session of engine.checkoutSessions.values())
			if (session.status === 'open' && session.expires_at <= now) expire(engine, session);
	});
}

function expire(engine: Engine, session: Stripe.Checkout.Session): void {
	session.status = 'expired';
	session.url = null;
	engine.emit('checkout.session.expired', session);
}

export type PayResult =
	{ kind: 'complete' } | { kind: 'challenge'; url: string } | { kind: 'error'; message: string };

/**
 * What the hosted (or embedded) page does when the shopper pays: creates the customer if needed,
 * then the PaymentIntent or subscription, with the card they typed.
 */
export function payCheckoutSession(
	engine: Engine,
	session: Stripe.Checkout.Session,
	input: { paymentMethod: Stripe.PaymentMethod; email: string; returnTo: string }
): PayResult {
	if (session.status !== 'open')
		return { kind: 'error', message: `This Checkout Session is ${session.status}.` };
	session.customer_details = {
		address: null,
		business_name: null,
		email: input.email || null,
		individual_name: null,
		name: input.paymentMethod.billing_details.name,
		phone: null,
		tax_exempt: 'none',
		tax_ids: []
	};
	const needsCustomer = session.mode === 'subscription' || session.customer_creation === 'always';
	if (!session.customer && needsCustomer)
		session.customer = createCustomer(engine, {
			email: input.email || session.customer_email,
			name: input.paymentMethod.billing_details.name
		}).id;
	const customer = session.customer ? String(session.customer) : null;
	const lineItems = engine.checkoutLineItems.get(session.id) ?? [];
	try {
		if (session.mode === 'subscription') {
			attachPaymentMethod(engine, input.paymentMethod, customer as string);
			const sub = createSubscription(engine, {
				customer: customer as string,
				items: lineItems.map((item) => ({ price: item.price?.id, quantity: item.quantity ?? 1 })),
				default_payment_method: input.paymentMethod.id,
				metadata: engine.checkoutOptions.get(session.id)?.subscription.metadata,
				trial_period_days: engine.checkoutOptions.get(session.id)?.subscription.trial_period_days
			});
			session.subscription = sub.id;
			session.invoice = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : null;
			const invoice = session.invoice ? engine.invoices.find(session.invoice as string) : undefined;
			const pi = invoice?.payments?.data[0]
				? engine.paymentIntents.find(String(invoice.payments.data[0].payment.payment_intent))
				: undefined;
			if (pi) engine.checkoutSessionByIntent.set(pi.id, session.id);
			if (sub.status === 'active' || sub.status === 'trialing') {
				complete(engine, session);
				return { kind: 'complete' };
			}
			if (pi?.status === 'requires_action')
				return { kind: 'challenge', url: challengeUrl(engine, pi, input.returnTo) };
			return {
				kind: 'error',
				message: pi?.last_payment_error?.message ?? 'Your card was declined.'
			};
		}
		const data = engine.checkoutOptions.get(session.id)?.payment;
		const pi =
			(session.payment_intent && engine.paymentIntents.find(String(session.payment_intent))) ||
			createPaymentIntent(engine, {
				amount: session.amount_total ?? 0,
				currency: session.currency ?? 'usd',
				customer,
				description: data?.description,
				metadata: data?.metadata ?? {},
				setupFutureUsage: data?.setup_future_usage ?? null
			});
		session.payment_intent = pi.id;
		engine.checkoutSessionByIntent.set(pi.id, session.id);
		confirmPaymentIntent(engine, pi, {
			paymentMethod: input.paymentMethod.id,
			returnUrl: input.returnTo
		});
		if (pi.status === 'requires_action')
			return { kind: 'challenge', url: challengeUrl(engine, pi, input.returnTo) };
		return { kind: 'complete' };
	} catch (error) {
		return { kind: 'error', message: error instanceof Error ? error.message : 'Payment failed.' };
	}
}

/** The trial a subscription-mode session starts, as its hosted page shows it. */
export const sessionTrialDays = (
	engine: Engine,
	session: Stripe.Checkout.Session
): number | undefined => engine.checkoutOptions.get(session.id)?.subscription.trial_period_days;

export const checkoutRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/checkout/sessions',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			if (input.mode === 'setup')
				throw invalidRequest(
					'The sandbox does not model `setup` mode Checkout Sessions yet; use a SetupIntent.',
					{ param: 'mode' }
				);
			const mode = input.ui_mode ?? 'hosted_page';
			if (mode === 'hosted_page' && !input.success_url && input.redirect_on_completion !== 'never')
				throw invalidRequest('Missing required param: success_url.', {
					code: 'parameter_missing',
					param: 'success_url'
				});
			if (mode === 'embedded_page' && !input.return_url && input.redirect_on_completion !== 'never')
				throw invalidRequest('Missing required param: return_url.', {
					code: 'parameter_missing',
					param: 'return_url'
				});
			if (input.customer) engine.customers.get(input.customer, 'customer');
			const items = buildLineItems(engine, input);
			const currency = items[0]?.currency ?? input.currency ?? 'usd';
			if (items.some((item) => item.currency !== currency))
				throw invalidRequest('All line items must use the same currency.', { param: 'line_items' });
			if (input.mode === 'subscription' && !items.some((item) => item.price?.type === 'recurring'))
				throw invalidRequest(
					'You must provide at least one recurring price in `subscription` mode when using prices.',
					{ param: 'line_items' }
				);
			const total = items.reduce((sum, item) => sum + item.amount_total, 0);
			const now = engine.now();
			if (
				input.expires_at !== undefined &&
				(input.expires_at < now + 1800 || input.expires_at > now + DAY)
			)
				throw invalidRequest(
					'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
					{ param: 'expires_at' }
				);
			const id = newId(input.mode === 'payment' ? 'cs_test_a1' : 'cs_test_b1', 56);
			const session: Stripe.Checkout.Session = {
				id,
				object: 'checkout.session',
				adaptive_pricing: null,
				after_expiration: null,
				allow_promotion_codes: input.allow_promotion_codes ?? null,
				amount_subtotal: total,
				amount_total: total,
				automatic_tax: { enabled: false, liability: null, provider: null, status: null },
				billing_address_collection: input.billing_address_collection ?? null,
				cancel_url: input.cancel_url ?? null,
				client_reference_id: input.client_reference_id ?? null,
				client_secret: mode === 'hosted_page' ? null : `${id}_secret_${newId('', 24)}`,
				collected_information: null,
				consent: null,
				consent_collection: null,
				created: now,
				currency,
				currency_conversion: null,
				custom_fields: [],
				custom_text: {
					after_submit: null,
					shipping_address: null,
					submit: null,
					terms_of_service_acceptance: null
				},
				customer: input.customer ?? null,
				customer_account: null,
				customer_creation: input.customer ? null : (input.customer_creation ?? 'if_required'),
				customer_details: input.customer_email
					? {
							address: null,
							business_name: null,
							email: input.customer_email,
							individual_name: null,
							name: null,
							phone: null,
							tax_exempt: 'none',
							tax_ids: null
						}
					: null,
				customer_email: input.customer_email ?? null,
				discounts: [],
				expires_at: input.expires_at ?? now + DAY,
				integration_identifier: null,
				invoice: null,
				invoice_creation: null,
				livemode: false,
				locale: null,
				managed_payments: null,
				metadata: input.metadata ?? {},
				mode: input.mode,
				origin_context: null,
				payment_intent: null,
				payment_link: null,
				payment_method_collection: input.payment_method_collection ?? 'always',
				payment_method_configuration_details: null,
				payment_method_options: {},
				allowed_payment_method_types: input.allowed_payment_method_types ?? null,
				payment_method_types: input.allowed_payment_method_types ?? ['card'],
				payment_status: 'unpaid',
				permissions: null,
				recovered_from: null,
				...(mode === 'embedded_page' && input.return_url ? { return_url: input.return_url } : {}),
				...(mode !== 'hosted_page'
					? { redirect_on_completion: input.redirect_on_completion ?? 'always' }
					: {}),
				saved_payment_method_options: null,
				setup_intent: null,
				shipping_address_collection: null,
				shipping_cost: null,
				shipping_options: [],
				status: 'open',
				submit_type: input.submit_type ?? null,
				subscription: null,
				success_url: input.success_url ?? null,
				total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
				ui_mode: mode,
				url: mode === 'hosted_page' ? `${engine.origin}/c/pay/${id}` : null,
				wallet_options: null
			};
			engine.checkoutSessions.insert(session);
			engine.checkoutLineItems.set(id, items);
			engine.checkoutOptions.set(session.id, {
				payment: input.payment_intent_data ?? {},
				subscription: input.subscription_data ?? {}
			});
			return engine.expand(session, input.expand);
		}
	},
	retrieveRoute('/v1/checkout/sessions/:id', (engine) => engine.checkoutSessions, 'session'),
	{
		method: 'GET',
		path: '/v1/checkout/sessions/:id/line_items',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object(listParams).strict(), params);
			const session = engine.checkoutSessions.get(path.id as string, 'session');
			const data = engine.checkoutLineItems.get(session.id) ?? [];
			const limit = input.limit ?? 10;
			const from = input.starting_after
				? data.findIndex((item) => item.id === input.starting_after) + 1
				: 0;
			return engine.expand(
				{
					object: 'list',
					data: data.slice(from, from + limit),
					has_more: from + limit < data.length,
					url: `/v1/checkout/sessions/${session.id}/line_items`
				},
				input.expand
			);
		}
	},
	{
		method: 'POST',
		path: '/v1/checkout/sessions/:id/expire',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ expand }).strict(), params);
			const session = engine.checkoutSessions.get(path.id as string, 'session');
			if (session.status !== 'open')
				throw invalidRequest(
					`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`
				);
			expire(engine, session);
			return engine.expand(session, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/checkout/sessions',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						payment_intent: str(255).optional(),
						subscription: str(255).optional(),
						customer: str(255).optional(),
						status: z.enum(['open', 'complete', 'expired']).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.checkoutSessions.list(
					input,
					(s) =>
						(!input.payment_intent || s.payment_intent === input.payment_intent) &&
						(!input.subscription || s.subscription === input.subscription) &&
						(!input.customer || s.customer === input.customer) &&
						(!input.status || s.status === input.status)
				),
				input.expand
			);
		}
	}
];
