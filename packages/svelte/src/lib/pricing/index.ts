export * as Pricing from './parts.js';
export {
	billingIntervalSchema,
	catalogSchema,
	defineCatalog,
	findPrice,
	priceSchema,
	productSchema,
	type BillingInterval,
	type Catalog,
	type CatalogEntry,
	type CatalogInput,
	type Price,
	type Product,
	type ProductInput
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
