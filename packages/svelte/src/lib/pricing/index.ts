export * as Pricing from './parts.js';
// Plain types only: the zod schemas and `defineCatalog` are in `@nobs-pay/svelte/server`, so no
// page ships zod.
export {
	cartItemFrom,
	findPrice,
	type BillingInterval,
	type Catalog,
	type CartItemFromOptions,
	type CatalogEntry,
	type Price,
	type Product
} from './catalog.js';
export {
	intervalsOf,
	priceFor,
	savingVersusMonthly,
	yearlySaving,
	type Saving
} from './pricing.js';
export {
	PricingState,
	defaultPricingLabels,
	usePricing,
	type PricingOptions
} from './pricing.svelte.js';
export type {
	PricingIntervalSwitchProps,
	PricingLabels,
	PricingRootProps,
	PricingTierProps,
	SavingStyle,
	SelectHandler,
	TierView
} from './types.js';
