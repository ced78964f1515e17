import type { CartProduct, Price, Product } from '@nobs-pay/svelte';

/**
 * The cart line for a catalog price. Display data only: the server reprices from the SKU.
 * A bundle is licensed per project, so its quantity counts projects (see `licenses.ts`).
 */
export function cartItemFor(product: Product, price: Price): CartProduct {
	return {
		sku: price.sku,
		name: product.name,
		unitAmount: price.unitAmount,
		currency: price.currency,
		...(price.maxQuantity ? { max: price.maxQuantity } : {}),
		...(product.metadata?.kind === 'bundle'
			? { unitLabel: 'per project', quantityLabel: 'Projects' }
			: {})
	};
}
