import type Stripe from 'stripe';
import { z } from 'zod';
import { lookupCard, luhnValid, TEST_TOKENS } from '../cards.js';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest, StripeApiError } from '../wire/errors.js';
import { expand, int, listParams, metadata, parseParams, str } from '../wire/params.js';

const billingDetails = z
	.object({
		name: str(200).optional(),
		email: str(200).optional(),
		phone: str(50).optional(),
		address: z.record(z.string(), str(200)).optional()
	})
	.strict();

export const cardInput = z
	.object({
		number: z.string().max(30),
		exp_month: int({ min: 1, max: 12 }),
		exp_year: int({ min: 0, max: 9999 }),
		cvc: z.string().max(4).optional()
	})
	.strict();

const createSchema = z
	.object({
		type: z.enum(['card', 'sepa_debit']),
		sepa_debit: z
			.object({ iban: z.string().max(40) })
			.strict()
			.optional(),
		card: z.union([cardInput, z.object({ token: z.string().max(100) }).strict()]).optional(),
		billing_details: billingDetails.optional(),
		metadata: metadata.optional(),
		customer: str(255).optional(),
		payment_method: str(255).optional(),
		allow_redisplay: z.enum(['always', 'limited', 'unspecified']).optional(),
		expand
	})
	.strict();

const cardError = (message: string, code: string, param: string): StripeApiError =>
	new StripeApiError(402, { type: 'card_error', code, message, param });

/** Builds a card payment method from a number, validating it as Stripe's API does. */
export function createCardPaymentMethod(
	engine: Engine,
	card: { number: string; exp_month: number; exp_year: number; cvc?: string | undefined },
	extra: {
		billing_details?: z.infer<typeof billingDetails> | undefined;
		metadata?: Record<string, string> | undefined;
	} = {}
): Stripe.PaymentMethod {
	const number = card.number.replace(/[\s-]/g, '');
	if (!/^\d{12,19}$/.test(number) || !luhnValid(number))
		throw cardError('Your card number is incorrect.', 'incorrect_number', 'number');
	const year = card.exp_year < 100 ? 2000 + card.exp_year : card.exp_year;
	const now = new Date(engine.now() * 1000);
	if (
		year < now.getUTCFullYear() ||
		(year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1)
	)
		throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', 'exp_year');
	if (card.cvc !== undefined && !/^\d{3,4}$/.test(card.cvc))
		throw cardError("Your card's security code is invalid.", 'invalid_cvc', 'cvc');
	const test = lookupCard(number);
	const address = extra.billing_details?.address;
	const pm: Stripe.PaymentMethod = {
		id: newId('pm_'),
		object: 'payment_method',
		allow_redisplay: 'unspecified',
		billing_details: {
			address: address
				? {
						city: address.city ?? null,
						country: address.country ?? null,
						line1: address.line1 ?? null,
						line2: address.line2 ?? null,
						postal_code: address.postal_code ?? null,
						state: address.state ?? null
					}
				: null,
			email: extra.billing_details?.email ?? null,
			name: extra.billing_details?.name ?? null,
			phone: extra.billing_details?.phone ?? null,
			tax_id: null
		},
		card: {
			brand: test.brand,
			checks: {
				address_line1_check: null,
				address_postal_code_check: null,
				cvc_check: card.cvc ? 'pass' : null
			},
			country: 'US',
			display_brand: test.brand,
			exp_month: card.exp_month,
			exp_year: year,
			fingerprint: number.slice(-8),
			funding: test.funding,
			generated_from: null,
			last4: number.slice(-4),
			networks: { available: [test.brand], preferred: null },
			regulated_status: 'unregulated',
			three_d_secure_usage: { supported: true },
			wallet: null
		},
		created: engine.now(),
		customer: null,
		customer_account: null,
		livemode: false,
		metadata: extra.metadata ?? {},
		type: 'card'
	};
	engine.cardNumbers.set(pm.id, number);
	return engine.paymentMethods.insert(pm);
}

/** Stripe's test IBANs: these succeed after `processing`; DE62…3001 fails after it. Others succeed. */
export const FAILING_IBANS = new Set(['DE62370400440532013001']);

function ibanValid(iban: string): boolean {
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
	const rearranged = iban.slice(4) + iban.slice(0, 4);
	let remainder = 0;
	for (const char of rearranged) {
		const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
		for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder === 1;
}

/** A SEPA Direct Debit payment method: Stripe requires the account holder's name and email. */
export function createSepaPaymentMethod(
	engine: Engine,
	rawIban: string | undefined,
	billing: z.infer<typeof billingDetails> | undefined,
	metadata: Record<string, string> | undefined
): Stripe.PaymentMethod {
	const iban = (rawIban ?? '').replace(/\s/g, '').toUpperCase();
	if (!iban)
		throw invalidRequest('Missing required param: sepa_debit[iban].', {
			code: 'parameter_missing',
			param: 'sepa_debit[iban]'
		});
	if (!ibanValid(iban))
		throw invalidRequest('The IBAN you provided is invalid.', {
			code: 'invalid_bank_account_iban',
			param: 'sepa_debit[iban]'
		});
	if (!billing?.name || !billing.email)
		throw invalidRequest(
			'Missing required param: billing_details[name] and billing_details[email] for sepa_debit.',
			{
				code: 'parameter_missing',
				param: billing?.name ? 'billing_details[email]' : 'billing_details[name]'
			}
		);
	const pm: Stripe.PaymentMethod = {
		id: newId('pm_'),
		object: 'payment_method',
		allow_redisplay: 'unspecified',
		billing_details: {
			address: null,
			email: billing.email,
			name: billing.name,
			phone: null,
			tax_id: null
		},
		sepa_debit: {
			bank_code: iban.slice(4, 12),
			branch_code: '',
			country: iban.slice(0, 2),
			fingerprint: iban.slice(-8),
			generated_from: null,
			last4: iban.slice(-4)
		},
		created: engine.now(),
		customer: null,
		customer_account: null,
		livemode: false,
		metadata: metadata ?? {},
		type: 'sepa_debit'
	};
	engine.ibans.set(pm.id, iban);
	return engine.paymentMethods.insert(pm);
}

/**
 * Accepts a stored payment method id or one of Stripe's `pm_card_*` test tokens. A token yields a
 * new payment method each time, as on Stripe.
 */
export function resolvePaymentMethod(
	engine: Engine,
	idOrToken: string,
	param = 'payment_method'
): Stripe.PaymentMethod {
	const number = TEST_TOKENS[idOrToken];
	if (number)
		return createCardPaymentMethod(engine, {
			number,
			exp_month: 12,
			exp_year: new Date().getUTCFullYear() + 5,
			cvc: '123'
		});
	return engine.paymentMethods.get(idOrToken, param);
}

export function attachPaymentMethod(
	engine: Engine,
	pm: Stripe.PaymentMethod,
	customerId: string
): void {
	if (pm.customer === customerId) return;
	if (pm.customer)
		throw invalidRequest(
			'The payment method you provided has already been attached to a customer.',
			{ param: 'payment_method' }
		);
	pm.customer = customerId;
	engine.emit('payment_method.attached', pm);
}

const listSchema = z
	.object({ ...listParams, customer: str(255).optional(), type: z.string().max(50).optional() })
	.strict();

export const paymentMethodRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/payment_methods',
		// Stripe.js creates payment methods from the card iframe with the publishable key.
		publishable: true,
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			if (input.payment_method)
				return engine.expand(resolvePaymentMethod(engine, input.payment_method), input.expand);
			if (input.type === 'sepa_debit') {
				const pm = createSepaPaymentMethod(
					engine,
					input.sepa_debit?.iban,
					input.billing_details,
					input.metadata
				);
				if (input.customer)
					attachPaymentMethod(engine, pm, engine.customers.get(input.customer, 'customer').id);
				return engine.expand(pm, input.expand);
			}
			if (!input.card)
				throw invalidRequest('Missing required param: card.', {
					code: 'parameter_missing',
					param: 'card'
				});
			const card =
				'token' in input.card
					? {
							number: TEST_TOKENS[input.card.token.replace(/^tok_/, 'pm_card_')] ?? '',
							exp_month: 12,
							exp_year: 2099
						}
					: input.card;
			if (!card.number)
				throw invalidRequest('No such token.', { code: 'resource_missing', param: 'card[token]' });
			const pm = createCardPaymentMethod(engine, card, {
				billing_details: input.billing_details,
				metadata: input.metadata
			});
			if (input.customer)
				attachPaymentMethod(engine, pm, engine.customers.get(input.customer, 'customer').id);
			return engine.expand(pm, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/payment_methods/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ expand }).strict(), params);
			return engine.expand(resolvePaymentMethod(engine, path.id as string, 'id'), input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_methods/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z
					.object({
						metadata: metadata.optional(),
						billing_details: billingDetails.optional(),
						expand
					})
					.strict(),
				params
			);
			const pm = engine.paymentMethods.get(path.id as string);
			if (input.metadata) pm.metadata = { ...pm.metadata, ...input.metadata };
			if (input.billing_details?.name !== undefined)
				pm.billing_details.name = input.billing_details.name;
			if (input.billing_details?.email !== undefined)
				pm.billing_details.email = input.billing_details.email;
			engine.emit('payment_method.updated', pm);
			return engine.expand(pm, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_methods/:id/attach',
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ customer: str(255), expand }).strict(), params);
			const customer = engine.customers.get(input.customer, 'customer');
			const pm = resolvePaymentMethod(engine, path.id as string, 'id');
			attachPaymentMethod(engine, pm, customer.id);
			return engine.expand(pm, input.expand);
		}
	},
	{
		method: 'POST',
		path: '/v1/payment_methods/:id/detach',
		handler: ({ engine, path, params }) => {
			parseParams(z.object({ expand }).strict(), params);
			const pm = engine.paymentMethods.get(path.id as string);
			if (!pm.customer)
				throw invalidRequest(
					'The payment method you provided is not attached to a customer so detachment is impossible.'
				);
			pm.customer = null;
			engine.emit('payment_method.detached', pm);
			return pm;
		}
	},
	{
		method: 'GET',
		path: '/v1/payment_methods',
		handler: ({ engine, params }) => {
			const input = parseParams(listSchema, params);
			const list = engine.paymentMethods.list(
				input,
				(pm) =>
					(input.customer ? pm.customer === input.customer : true) &&
					(!input.type || pm.type === input.type)
			);
			return engine.expand(list, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/customers/:customer/payment_methods',
		handler: ({ engine, params, path }) => {
			const input = parseParams(listSchema, params);
			const customer = engine.customers.get(path.customer as string, 'customer');
			return engine.paymentMethods.list(
				input,
				(pm) => pm.customer === customer.id,
				`/v1/customers/${customer.id}/payment_methods`
			);
		}
	}
];
