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
import { createProduct } from './products.js';
import { retrieveRoute } from './retrieve.js';

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
		recurring: recurringParams.optional(),
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

export const priceRoutes: Route[] = [
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
						created: createdFilter.optional(),
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
	}
];
