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

const decimal = z.string().regex(/^\d{1,12}(\.\d{1,12})?$/, 'must be a decimal');

const tierInput = z
	.object({
		flat_amount: int({ min: 0, max: MAX_AMOUNT }).optional(),
		flat_amount_decimal: decimal.optional(),
		unit_amount: int({ min: 0, max: MAX_AMOUNT }).optional(),
		unit_amount_decimal: decimal.optional(),
		up_to: z.union([z.literal('inf'), int({ min: 1 })])
	})
	.strict();

/** What only `POST /v1/prices` takes: metered and tiered pricing. */
const pricingParams = {
	billing_scheme: z.enum(['per_unit', 'tiered']).optional(),
	tiers: z.array(tierInput).min(1).max(250).optional(),
	tiers_mode: z.enum(['graduated', 'volume']).optional(),
	transform_quantity: z
		.object({ divide_by: int({ min: 1 }), round: z.enum(['up', 'down']) })
		.strict()
		.optional(),
	recurring: recurringParams
		.extend({ meter: str(255).optional() })
		.strict()
		.optional()
};

const priceCreate = priceData
	.extend({
		...pricingParams,
		active: bool.optional(),
		metadata: metadata.optional(),
		nickname: str(250).optional(),
		lookup_key: str(200).optional(),
		transfer_lookup_key: bool.optional(),
		expand
	})
	.strict();

type PricingInput = Partial<z.infer<z.ZodObject<typeof pricingParams>>>;

const decimalOf = (value: number | undefined, text: string | undefined): number | null =>
	text !== undefined ? Number(text) : (value ?? null);

/**
 * Checks tiers as Stripe does (ascending `up_to`, the last one `inf`, each with an amount) and
 * returns them in the shape of `price.tiers`.
 */
function buildTiers(tiers: NonNullable<PricingInput['tiers']>): Stripe.Price.Tier[] {
	let previous = 0;
	return tiers.map((tier, i) => {
		const last = i === tiers.length - 1;
		if ((tier.up_to === 'inf') !== last)
			throw invalidRequest('Only the last tier may have `up_to=inf`, and it must.', {
				param: `tiers[${i}][up_to]`
			});
		if (tier.up_to !== 'inf') {
			if (tier.up_to <= previous)
				throw invalidRequest('Tiers must be in ascending order of `up_to`.', {
					param: `tiers[${i}][up_to]`
				});
			previous = tier.up_to;
		}
		const unit = decimalOf(tier.unit_amount, tier.unit_amount_decimal);
		const flat = decimalOf(tier.flat_amount, tier.flat_amount_decimal);
		if (unit === null && flat === null)
			throw invalidRequest('Each tier needs a `unit_amount` or a `flat_amount`.', {
				param: `tiers[${i}]`
			});
		return {
			flat_amount: flat === null ? null : Math.round(flat),
			flat_amount_decimal: (flat === null
				? null
				: String(flat)) as unknown as Stripe.Price.Tier['flat_amount_decimal'],
			unit_amount: unit === null ? null : Math.round(unit),
			unit_amount_decimal: (unit === null
				? null
				: String(unit)) as unknown as Stripe.Price.Tier['unit_amount_decimal'],
			up_to: tier.up_to === 'inf' ? null : tier.up_to
		};
	});
}

/** Checks `billing_scheme`, `tiers` and `recurring.meter` together, as Stripe does. */
function checkPricing(engine: Engine, input: PricingInput, amount: number | undefined): void {
	const tiered = input.billing_scheme === 'tiered';
	if (tiered && !input.tiers)
		throw invalidRequest('Missing required param: tiers.', {
			code: 'parameter_missing',
			param: 'tiers'
		});
	if (tiered && !input.tiers_mode)
		throw invalidRequest('Missing required param: tiers_mode.', {
			code: 'parameter_missing',
			param: 'tiers_mode'
		});
	if (!tiered && (input.tiers || input.tiers_mode))
		throw invalidRequest('`tiers` and `tiers_mode` can only be set when `billing_scheme=tiered`.', {
			param: input.tiers ? 'tiers' : 'tiers_mode'
		});
	if (tiered && amount !== undefined)
		throw invalidRequest('`unit_amount` cannot be set when `billing_scheme=tiered`.', {
			param: 'unit_amount'
		});
	if (tiered && input.transform_quantity)
		throw invalidRequest('`transform_quantity` cannot be set when `billing_scheme=tiered`.', {
			param: 'transform_quantity'
		});
	const recurring = input.recurring;
	if (recurring?.meter) {
		if (recurring.usage_type !== 'metered')
			throw invalidRequest(
				'`recurring[meter]` can only be set when `recurring[usage_type]=metered`.',
				{
					param: 'recurring[meter]'
				}
			);
		engine.meters.get(recurring.meter, 'recurring[meter]');
	} else if (recurring?.usage_type === 'metered')
		throw invalidRequest('Missing required param: recurring[meter].', {
			code: 'parameter_missing',
			param: 'recurring[meter]'
		});
}

/** Creates a price; `product_data` makes its product on the way, as Stripe allows. */
export function createPrice(
	engine: Engine,
	input: z.infer<typeof priceData> &
		PricingInput & {
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
	checkPricing(engine, input, amount);
	const tiered = input.billing_scheme === 'tiered';
	if (amount === undefined && !tiered)
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
		billing_scheme: tiered ? 'tiered' : 'per_unit',
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
					meter: input.recurring.meter ?? null,
					trial_period_days: input.recurring.trial_period_days ?? null,
					usage_type: input.recurring.usage_type ?? 'licensed'
				}
			: null,
		tax_behavior: input.tax_behavior ?? 'unspecified',
		tiers_mode: input.tiers_mode ?? null,
		transform_quantity: input.transform_quantity ?? null,
		type: input.recurring ? 'recurring' : 'one_time',
		unit_amount: amount ?? null,
		unit_amount_decimal: (amount === undefined
			? null
			: String(amount)) as unknown as Stripe.Price['unit_amount_decimal']
	};
	if (input.tiers) engine.priceTiers.set(price.id, buildTiers(input.tiers));
	engine.prices.insert(price);
	engine.emit('price.created', price);
	return price;
}

/**
 * What `quantity` units of a price cost, in the currency's smallest unit: per unit (after
 * `transform_quantity`), or by its tiers. `volume` prices every unit at the tier the total falls
 * in; `graduated` prices each unit at the tier it falls in; a tier's flat amount is charged once
 * when any unit falls in it. No units cost nothing.
 */
export function priceAmount(engine: Engine, price: Stripe.Price, quantity: number): number {
	if (quantity <= 0) return 0;
	if (price.billing_scheme !== 'tiered') {
		const transform = price.transform_quantity;
		const units = transform
			? (transform.round === 'up' ? Math.ceil : Math.floor)(quantity / transform.divide_by)
			: quantity;
		const unit = Number(price.unit_amount_decimal ?? price.unit_amount ?? 0);
		return Math.round(unit * units);
	}
	const tiers = engine.priceTiers.get(price.id) ?? [];
	const cost = (tier: Stripe.Price.Tier, units: number): number =>
		Number(tier.flat_amount_decimal ?? 0) + Number(tier.unit_amount_decimal ?? 0) * units;
	if (price.tiers_mode === 'volume') {
		const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to);
		return tier ? Math.round(cost(tier, quantity)) : 0;
	}
	let total = 0;
	let below = 0;
	for (const tier of tiers) {
		const top = tier.up_to ?? Infinity;
		const units = Math.min(quantity, top) - below;
		if (units <= 0) break;
		total += cost(tier, units);
		below = top;
	}
	return Math.round(total);
}

/** The `recurring` filter of `GET /v1/prices`: every field given must match. */
function matchesRecurring(
	price: Stripe.Price,
	filter:
		| { interval?: string | undefined; meter?: string | undefined; usage_type?: string | undefined }
		| undefined
): boolean {
	if (!filter) return true;
	const recurring = price.recurring;
	return (
		recurring !== null &&
		(!filter.interval || recurring.interval === filter.interval) &&
		(!filter.meter || recurring.meter === filter.meter) &&
		(!filter.usage_type || recurring.usage_type === filter.usage_type)
	);
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
						lookup_keys: z.array(z.string().max(200)).max(10).optional(),
						recurring: z
							.object({
								interval: z.enum(['day', 'week', 'month', 'year']).optional(),
								meter: str(255).optional(),
								usage_type: z.enum(['licensed', 'metered']).optional()
							})
							.strict()
							.optional()
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
							(p.lookup_key !== null && input.lookup_keys.includes(p.lookup_key))) &&
						matchesRecurring(p, input.recurring)
				),
				input.expand
			);
		}
	}
];
