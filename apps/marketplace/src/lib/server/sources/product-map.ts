import { z } from 'zod';
import { catalog } from '../../catalog.js';

/** A one-time catalog price that another platform's product is sold as. */
export interface MappedPrice {
	sku: string;
	name: string;
	unitAmount: number;
	currency: string;
	maxQuantity: number;
}

/** The platform's product (or variant) id → the catalog price it sells. */
export type ProductMap = ReadonlyMap<string, MappedPrice>;

/** One-time prices only: a subscription sold elsewhere has no plan, key or download here. */
function oneTimePrice(sku: string): MappedPrice | undefined {
	for (const product of catalog.products) {
		const price = product.prices.find((candidate) => candidate.sku === sku);
		if (price && !price.recurring) {
			return {
				sku,
				name: product.name,
				unitAmount: price.unitAmount,
				currency: price.currency.toLowerCase(),
				maxQuantity: price.maxQuantity ?? 1
			};
		}
	}
	return undefined;
}

/**
 * Reads a mapping setting, `<platform id>=<sku>` pairs separated by commas
 * (`GUMROAD_PRODUCTS="nobs-starter=bundle-starter, AbC12===bundle-professional"`).
 * The catalog stays the one place of prices; the setting only says which of its SKUs a platform's
 * product is. Unknown or recurring SKUs fail the start, so a typo never reaches a buyer.
 * @example parseProductMap('nobs-starter=bundle-starter') // Map { 'nobs-starter' => { sku: 'bundle-starter', … } }
 */
export function parseProductMap(setting: string): ProductMap {
	const map = new Map<string, MappedPrice>();
	for (const pair of setting
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)) {
		// The last `=` separates: Gumroad's product ids are base64 and may end with `==`.
		const at = pair.lastIndexOf('=');
		const id = pair.slice(0, at).trim();
		const sku = pair.slice(at + 1).trim();
		if (at <= 0 || !id || !sku) throw new Error(`"${pair}" is not <platform id>=<sku>.`);
		const price = oneTimePrice(sku);
		if (!price) throw new Error(`"${sku}" is not a one-time SKU of the catalog.`);
		if (map.has(id)) throw new Error(`"${id}" is mapped twice.`);
		map.set(id, price);
	}
	return map;
}

/** A zod field for a mapping setting: empty by default, refused at start when malformed. */
export const productMapSetting = z
	.string()
	.default('')
	.transform((setting, context) => {
		try {
			return parseProductMap(setting);
		} catch (error) {
			context.addIssue({ code: 'custom', message: (error as Error).message });
			return z.NEVER;
		}
	});
