import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { change, mergeMetadata } from '../state/updates.js';
import { invalidRequest } from '../wire/errors.js';
import {
	bool,
	createdFilter,
	currency,
	expand,
	int,
	listParams,
	MAX_AMOUNT,
	metadata,
	parseParams,
	recurringParams,
	str
} from '../wire/params.js';
import { createPrice } from './prices.js';
import { retrieveRoute } from './retrieve.js';

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
				recurring: recurringParams.optional()
			})
			.strict()
			.optional(),
		expand
	})
	.strict();

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

export const productRoutes: Route[] = [
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
		handler: ({ engine, path, params }) => {
			parseParams(z.object({}).strict(), params);
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
						created: createdFilter.optional(),
						shippable: bool.optional(),
						type: z.enum(['good', 'service']).optional(),
						url: str(2048).optional(),
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
						(!input.ids || input.ids.includes(p.id)) &&
						(input.shippable === undefined || p.shippable === input.shippable) &&
						(!input.type || p.type === input.type) &&
						(!input.url || p.url === input.url)
				),
				input.expand
			);
		}
	}
];
