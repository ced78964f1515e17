import { z } from 'zod';
import { currencyExponent } from '../money/currencies.js';
import type { BillingInterval, Catalog, Price, Product } from './catalog.js';

/**
 * The catalog's validation, for the server entry only: the browser entry exports the plain types
 * of `catalog.ts`, so no page ships zod.
 */

export const billingIntervalSchema = z.enum(['day', 'week', 'month', 'year']);

const skuSchema = z
	.string()
	.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'A SKU is 1-64 letters, digits, ".", "_" or "-".');

export const priceSchema = z
	.object({
		/** Stable id of this price in your catalog; carts and the server refer to it. */
		sku: skuSchema,
		currency: z
			.string()
			.regex(/^[a-z]{3}$/, 'Currency is a lowercase ISO 4217 code such as "usd".'),
		/** Minor units (cents for USD, yen for JPY). */
		unitAmount: z.number().int().nonnegative().max(99_999_999),
		/** Present for subscriptions; absent for one-time prices. */
		recurring: z
			.object({
				interval: billingIntervalSchema,
				intervalCount: z.number().int().min(1).max(12).default(1),
				trialDays: z.number().int().min(1).max(730).optional()
			})
			.optional(),
		/** Most of this price one order may hold. */
		maxQuantity: z.number().int().positive().max(10_000).optional(),
		/** The matching Stripe Price id, when the price also exists in Stripe. */
		stripePriceId: z.string().optional()
	})
	.refine((price) => currencyExponent(price.currency) !== 3 || price.unitAmount % 10 === 0, {
		message: 'Stripe requires three-decimal amounts to end in 0.',
		path: ['unitAmount']
	});

export const productSchema = z.object({
	id: skuSchema,
	name: z.string().min(1).max(120),
	description: z.string().max(2000).default(''),
	features: z.array(z.string().min(1).max(200)).max(50).default([]),
	/** Text of a badge that marks this product as the highlighted choice, e.g. "Most popular". */
	highlight: z.string().min(1).max(40).optional(),
	/** A call to action that replaces buying, e.g. "Contact sales". */
	contact: z.object({ label: z.string().min(1).max(60), href: z.string().min(1) }).optional(),
	prices: z.array(priceSchema).max(12).default([]),
	metadata: z.record(z.string(), z.string()).default({})
});
export type ProductInput = z.input<typeof productSchema>;

export const catalogSchema = z
	.object({ products: z.array(productSchema).max(500) })
	.superRefine((catalog, context) => {
		const skus = new Set<string>();
		const ids = new Set<string>();
		catalog.products.forEach((product, p) => {
			if (ids.has(product.id)) {
				context.addIssue({
					code: 'custom',
					message: `Product id "${product.id}" is used twice.`,
					path: ['products', p, 'id']
				});
			}
			ids.add(product.id);
			product.prices.forEach((price, i) => {
				if (skus.has(price.sku)) {
					context.addIssue({
						code: 'custom',
						message: `SKU "${price.sku}" is used twice.`,
						path: ['products', p, 'prices', i, 'sku']
					});
				}
				skus.add(price.sku);
			});
		});
	});
export type CatalogInput = z.input<typeof catalogSchema>;

/**
 * Validates a catalog once, at start-up, and returns it typed. Throws a readable error that
 * names every problem.
 * @example export const catalog = defineCatalog({ products: [{ id: 'starter', name: 'Starter', prices: [{ sku: 'starter', currency: 'usd', unitAmount: 19900 }] }] });
 */
export function defineCatalog(input: CatalogInput): Catalog {
	const result = catalogSchema.safeParse(input);
	if (!result.success) {
		throw new TypeError(`Invalid catalog:\n${z.prettifyError(result.error)}`);
	}
	return result.data;
}

/** Fails to compile when the schemas and the plain types of `catalog.ts` drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemasMatchTypes: [
	Same<z.infer<typeof billingIntervalSchema>, BillingInterval>,
	Same<z.infer<typeof priceSchema>, Price>,
	Same<z.infer<typeof productSchema>, Product>,
	Same<z.infer<typeof catalogSchema>, Catalog>
] = [true, true, true, true];
