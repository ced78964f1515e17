import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import {
	createdFilter,
	expand,
	int,
	listParams,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { change, mergeMetadata } from '../state/updates.js';
import { retryWithNewPaymentMethod } from './dunning.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';
import { retrieveRoute } from './retrieve.js';

const fields = {
	email: str(512).optional(),
	name: str(256).optional(),
	description: str(350).optional(),
	phone: str(20).optional(),
	metadata: metadata.optional(),
	address: z.record(z.string(), str(200)).or(z.literal('')).optional(),
	invoice_settings: z
		.object({ default_payment_method: str(255).optional() })
		.strict()
		.optional(),
	preferred_locales: z.array(z.string().max(20)).max(10).optional(),
	balance: int().optional(),
	business_name: str(150).or(z.literal('')).optional(),
	individual_name: str(150).or(z.literal('')).optional(),
	invoice_prefix: z
		.string()
		.regex(/^[A-Z0-9]{3,12}$/, 'must be 3 to 12 uppercase letters or digits')
		.optional(),
	next_invoice_sequence: int({ min: 1 }).optional(),
	tax_exempt: z.enum(['exempt', 'none', 'reverse']).or(z.literal('')).optional(),
	shipping: z
		.object({
			address: z.record(z.string(), str(200)),
			name: str(256),
			phone: str(20).optional()
		})
		.strict()
		.or(z.literal(''))
		.optional(),
	expand
};

const createSchema = z
	.object({ ...fields, payment_method: str(255).optional(), test_clock: str(255).optional() })
	.strict();

const updateSchema = z.object(fields).strict();

/** The stored fields create and update set the same way (`''` clears where Stripe allows). */
function applyFields(
	customer: Stripe.Customer,
	input: z.infer<typeof updateSchema>,
	previous: Record<string, unknown>
): void {
	const set = change(customer, previous);
	if (input.balance !== undefined) set('balance', input.balance);
	if (input.business_name !== undefined) set('business_name', input.business_name || undefined);
	if (input.individual_name !== undefined)
		set('individual_name', input.individual_name || undefined);
	if (input.invoice_prefix !== undefined) set('invoice_prefix', input.invoice_prefix);
	if (input.next_invoice_sequence !== undefined)
		set('next_invoice_sequence', input.next_invoice_sequence);
	if (input.tax_exempt !== undefined) set('tax_exempt', input.tax_exempt || 'none');
	if (input.shipping !== undefined)
		set(
			'shipping',
			input.shipping
				? {
						address: {
							city: null,
							country: null,
							line1: null,
							line2: null,
							postal_code: null,
							state: null,
							...input.shipping.address
						},
						name: input.shipping.name,
						phone: input.shipping.phone ?? null
					}
				: null
		);
}

export function createCustomer(
	engine: Engine,
	input: {
		email?: string | null | undefined;
		name?: string | null | undefined;
		metadata?: Stripe.Metadata | undefined;
	},
	testClock?: string
): Stripe.Customer {
	const customer: Stripe.Customer = {
		id: newId('cus_', 14),
		object: 'customer',
		address: null,
		balance: 0,
		created: engine.now(),
		currency: null,
		default_source: null,
		delinquent: false,
		description: null,
		email: input.email ?? null,
		invoice_prefix: newId('', 8).toUpperCase(),
		invoice_settings: {
			custom_fields: null,
			default_payment_method: null,
			footer: null,
			rendering_options: null
		},
		livemode: false,
		metadata: input.metadata ?? {},
		name: input.name ?? null,
		next_invoice_sequence: 1,
		phone: null,
		preferred_locales: [],
		shipping: null,
		tax_exempt: 'none',
		test_clock: testClock ?? null
	};
	engine.customers.insert(customer);
	engine.emit('customer.created', customer);
	return customer;
}

function setDefaultPaymentMethod(engine: Engine, customer: Stripe.Customer, pmId: string): void {
	const pm = resolvePaymentMethod(engine, pmId, 'invoice_settings[default_payment_method]');
	attachPaymentMethod(engine, pm, customer.id);
	customer.invoice_settings.default_payment_method = pm.id;
}

export const customerRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/customers',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			const clock = input.test_clock
				? engine.testClocks.get(input.test_clock, 'test_clock')
				: undefined;
			// A customer on a test clock lives in the clock's time from its creation on.
			const customer = engine.atTime(clock?.frozen_time ?? null, () =>
				createCustomer(engine, input, clock?.id)
			);
			customer.description = input.description ?? null;
			customer.phone = input.phone ?? null;
			if (input.preferred_locales) customer.preferred_locales = input.preferred_locales;
			applyFields(customer, input, {});
			if (input.payment_method)
				attachPaymentMethod(
					engine,
					resolvePaymentMethod(engine, input.payment_method),
					customer.id
				);
			if (input.invoice_settings?.default_payment_method)
				setDefaultPaymentMethod(engine, customer, input.invoice_settings.default_payment_method);
			return engine.expand(customer, input.expand);
		}
	},
	retrieveRoute('/v1/customers/:id', (engine) => engine.customers),
	{
		method: 'POST',
		path: '/v1/customers/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(updateSchema, params);
			const customer = engine.customers.get(path.id as string);
			const previous: Record<string, unknown> = {};
			for (const key of ['email', 'name', 'description', 'phone'] as const) {
				const value = input[key];
				if (value === undefined) continue;
				previous[key] = customer[key];
				customer[key] = value === '' ? null : value;
			}
			applyFields(customer, input, previous);
			if (input.metadata) {
				previous.metadata = customer.metadata;
				customer.metadata = mergeMetadata(customer.metadata, input.metadata);
			}
			if (input.invoice_settings?.default_payment_method) {
				previous.invoice_settings = { ...customer.invoice_settings };
				setDefaultPaymentMethod(engine, customer, input.invoice_settings.default_payment_method);
			}
			engine.emit('customer.updated', customer, previous);
			if (input.invoice_settings?.default_payment_method)
				retryWithNewPaymentMethod(engine, customer.id);
			return engine.expand(customer, input.expand);
		}
	},
	{
		method: 'DELETE',
		path: '/v1/customers/:id',
		handler: ({ engine, path, params }) => {
			parseParams(z.object({}).strict(), params);
			const customer = engine.customers.get(path.id as string);
			engine.customers.delete(customer.id);
			engine.emit('customer.deleted', customer);
			const deleted: Stripe.DeletedCustomer = {
				id: customer.id,
				object: 'customer',
				deleted: true
			};
			return deleted;
		}
	},
	{
		method: 'GET',
		path: '/v1/customers',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						email: str(512).optional(),
						test_clock: str(255).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.customers.list(
					input,
					(c) =>
						(!input.email || c.email === input.email) &&
						(!input.test_clock || c.test_clock === input.test_clock)
				),
				input.expand
			);
		}
	}
];
