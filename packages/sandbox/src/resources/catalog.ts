import type Stripe from 'stripe';
import { z } from 'zod';
import { readEvent, type Engine, type Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { invalidRequest } from '../wire/errors.js';
import {
	bool,
	currency,
	expand,
	int,
	listParams,
	MAX_AMOUNT,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { mergeMetadata } from './payment-intents.js';
import { retrieveRoute } from './retrieve.js';

const recurring = z
	.object({
		interval: z.enum(['day', 'week', 'month', 'year']),
		interval_count: int({ min: 1, max: 365 }).optional(),
		usage_type: z.enum(['licensed', 'metered']).optional(),
		trial_period_days: int({ min: 0, max: 730 }).optional()
	})
	.strict();

const productFields = {
	name: str(250),
	description: str(40_000).optional(),
	active: bool.optional(),
	metadata: metadata.optional(),
	images: z.array(z.string().max(2048)).max(8).optional(),
	url: str(2048).optional(),
	statement_descriptor: str(22).optional(),
	unit_label: str(12).optional(),
	shippable: bool.optional(),
	marketing_features: z
		.array(z.object({ name: str(80) }).strict())
		.max(15)
		.optional(),
	tax_code: str(50).optional()
};

const productCreate = z
	.object({
		...productFields,
		id: z
			.string()
			.max(255)
			.regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
			.optional(),
		default_price_data: z
			.object({
				currency,
				unit_amount: int({ min: 0, max: MAX_AMOUNT }),
				recurring: recurring.optional()
			})
			.strict()
			.optional(),
		expand
	})
	.strict();

export const priceData = z
	.object({
		currency,
		unit_amount: int({ min: 0, max: MAX_AMOUNT }).optional(),
		unit_amount_decimal: z
			.string()
			.regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a decimal')
			.optional(),
		product: str(255).optional(),
		product_data: z
			.object({
				name: str(250),
				metadata: metadata.optional(),
				description: str(40_000).optional()
			})
			.strict()
			.optional(),
		recurring: recurring.optional(),
		tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional()
	})
	.strict();

const priceCreate = priceData
	.extend({
		active: bool.optional(),
		metadata: metadata.optional(),
		nickname: str(250).optional(),
		lookup_key: str(200).optional(),
		transfer_lookup_key: bool.optional(),
		billing_scheme: z.literal('per_unit').optional(),
		expand
	})
	.strict();

/** Sets fields on an object and records their old values for the event's `previous_attributes`. */
function change<T extends object>(target: T, previous: Record<string, unknown>) {
	return <K extends keyof T & string>(key: K, value: T[K]): void => {
		previous[key] = target[key];
		target[key] = value;
	};
}

export function createProduct(
	engine: Engine,
	input: {
		name: string;
		id?: string | undefined;
		description?: string | undefined;
		metadata?: Stripe.Metadata | undefined;
	}
): Stripe.Product {
	const id = input.id ?? newId('prod_', 14);
	if (engine.products.find(id))
		throw invalidRequest(`Product already exists.`, {
			code: 'resource_already_exists',
			param: 'id'
		});
	const product: Stripe.Product = {
		id,
		object: 'product',
		active: true,
		created: engine.now(),
		default_price: null,
		description: input.description ?? null,
		images: [],
		livemode: false,
		marketing_features: [],
		metadata: input.metadata ?? {},
		name: input.name,
		package_dimensions: null,
		shippable: null,
		statement_descriptor: null,
		tax_code: null,
		tax_details: null,
		type: 'service',
		unit_label: null,
		updated: engine.now(),
		url: null
	};
	engine.products.insert(product);
	engine.emit('product.created', product);
	return product;
}

/** Creates a price; `product_data` makes its product on the way, as Stripe allows. */
export function createPrice(
	engine: Engine,
	input: z.infer<typeof priceData> & {
		metadata?: Stripe.Metadata | undefined;
		nickname?: string | undefined;
		lookup_key?: string | undefined;
	}
): Stripe.Price {
	let productId: string;
	if (input.product) productId = engine.products.get(input.product, 'product').id;
	else if (input.product_data) productId = createProduct(engine, input.product_data).id;
	else
		throw invalidRequest('Missing required param: product.', {
			code: 'parameter_missing',
			param: 'product'
		});
	const amount =
		input.unit_amount ??
		(input.unit_amount_decimal !== undefined
			? Math.round(Number(input.unit_amount_decimal))
			: undefined);
	if (amount === undefined)
		throw invalidRequest('Missing required param: unit_amount.', {
			code: 'parameter_missing',
			param: 'unit_amount'
		});
	if (input.lookup_key) {
		for (const other of engine.prices.values())
			if (other.lookup_key === input.lookup_key)
				throw invalidRequest(`A price (\`${other.id}\`) already uses that lookup key.`, {
					param: 'lookup_key'
				});
	}
	const price: Stripe.Price = {
		id: newId('price_'),
		object: 'price',
		active: true,
		billing_scheme: 'per_unit',
		created: engine.now(),
		currency: input.currency,
		custom_unit_amount: null,
		livemode: false,
		lookup_key: input.lookup_key ?? null,
		metadata: input.metadata ?? {},
		nickname: input.nickname ?? null,
		product: productId,
		recurring: input.recurring
			? {
					interval: input.recurring.interval,
					interval_count: input.recurring.interval_count ?? 1,
					meter: null,
					trial_period_days: input.recurring.trial_period_days ?? null,
					usage_type: input.recurring.usage_type ?? 'licensed'
				}
			: null,
		tax_behavior: input.tax_behavior ?? 'unspecified',
		tiers_mode: null,
		transform_quantity: null,
		type: input.recurring ? 'recurring' : 'one_time',
		unit_amount: amount,
		unit_amount_decimal: String(amount) as unknown as Stripe.Price['unit_amount_decimal']
	};
	engine.prices.insert(price);
	engine.emit('price.created', price);
	return price;
}

export const catalogRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/products',
		handler: ({ engine, params }) => {
			const input = parseParams(productCreate, params);
			const product = createProduct(engine, input);
			product.active = input.active ?? true;
			product.images = input.images ?? [];
			product.url = input.url ?? null;
			product.unit_label = input.unit_label ?? null;
			product.shippable = input.shippable ?? null;
			product.marketing_features = input.marketing_features ?? [];
			if (input.default_price_data) {
				const price = createPrice(engine, { ...input.default_price_data, product: product.id });
				product.default_price = price.id;
			}
			return engine.expand(product, input.expand);
		}
	},
	retrieveRoute('/v1/products/:id', (engine) => engine.products),
	{
		method: 'POST',
		path: '/v1/products/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z
					.object({
						...productFields,
						name: str(250).optional(),
						default_price: str(255).optional(),
						expand
					})
					.strict(),
				params
			);
			const product = engine.products.get(path.id as string);
			const previous: Record<string, unknown> = {};
			const set = change(product, previous);
			if (input.name !== undefined) set('name', input.name);
			if (input.description !== undefined) set('description', input.description || null);
			if (input.active !== undefined) set('active', input.active);
			if (input.images !== undefined) set('images', input.images);
			if (input.marketing_features !== undefined)
				set('marketing_features', input.marketing_features);
			if (input.metadata) set('metadata', mergeMetadata(product.metadata, input.metadata));
			if (input.default_price !== undefined)
				set('default_price', engine.prices.get(input.default_price, 'default_price').id);
			product.updated = engine.now();
			engine.emit('product.updated', product, previous);
			return engine.expand(product, input.expand);
		}
	},
	{
		method: 'DELETE',
		path: '/v1/products/:id',
		handler: ({ engine, path }) => {
			const product = engine.products.get(path.id as string);
			for (const price of engine.prices.values())
				if (price.product === product.id)
					throw invalidRequest(
						'This product cannot be deleted because it has one or more user-created prices.',
						{ code: 'resource_in_use' }
					);
			engine.products.delete(product.id);
			engine.emit('product.deleted', product);
			const deleted: Stripe.DeletedProduct = { id: product.id, object: 'product', deleted: true };
			return deleted;
		}
	},
	{
		method: 'GET',
		path: '/v1/products',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						active: bool.optional(),
						ids: z.array(z.string().max(255)).max(100).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.products.list(
					input,
					(p) =>
						(input.active === undefined || p.active === input.active) &&
						(!input.ids || input.ids.includes(p.id))
				),
				input.expand
			);
		}
	},
	{
		method: 'POST',
		path: '/v1/prices',
		handler: ({ engine, params }) => {
			const input = parseParams(priceCreate, params);
			if (input.lookup_key && input.transfer_lookup_key)
				for (const other of engine.prices.values())
					if (other.lookup_key === input.lookup_key) other.lookup_key = null;
			const price = createPrice(engine, input);
			if (input.active === false) price.active = false;
			return engine.expand(price, input.expand);
		}
	},
	retrieveRoute('/v1/prices/:id', (engine) => engine.prices),
	{
		method: 'POST',
		path: '/v1/prices/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z
					.object({
						active: bool.optional(),
						metadata: metadata.optional(),
						nickname: str(250).optional(),
						lookup_key: str(200).optional(),
						expand
					})
					.strict(),
				params
			);
			const price = engine.prices.get(path.id as string);
			const previous: Record<string, unknown> = {};
			const set = change(price, previous);
			if (input.active !== undefined) set('active', input.active);
			if (input.nickname !== undefined) set('nickname', input.nickname || null);
			if (input.lookup_key !== undefined) set('lookup_key', input.lookup_key || null);
			if (input.metadata) set('metadata', mergeMetadata(price.metadata, input.metadata));
			engine.emit('price.updated', price, previous);
			return engine.expand(price, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/prices',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						active: bool.optional(),
						product: str(255).optional(),
						type: z.enum(['one_time', 'recurring']).optional(),
						currency: currency.optional(),
						lookup_keys: z.array(z.string().max(200)).max(10).optional()
					})
					.strict(),
				params
			);
			return engine.expand(
				engine.prices.list(
					input,
					(p) =>
						(input.active === undefined || p.active === input.active) &&
						(!input.product || p.product === input.product) &&
						(!input.type || p.type === input.type) &&
						(!input.currency || p.currency === input.currency) &&
						(!input.lookup_keys ||
							(p.lookup_key !== null && input.lookup_keys.includes(p.lookup_key)))
				),
				input.expand
			);
		}
	},
	{
		method: 'GET',
		path: '/v1/events/:id',
		handler: ({ engine, path }) => readEvent(engine.events.get(path.id as string))
	},
	{
		method: 'GET',
		path: '/v1/events',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						type: z.string().max(100).optional(),
						types: z.array(z.string().max(100)).max(20).optional()
					})
					.strict(),
				params
			);
			const matches = (type: string, pattern: string): boolean =>
				pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
			const list = engine.events.list(
				input,
				(e) =>
					(!input.type || matches(e.type, input.type)) &&
					(!input.types || input.types.some((t) => matches(e.type, t)))
			);
			return { ...list, data: list.data.map(readEvent) };
		}
	}
];
