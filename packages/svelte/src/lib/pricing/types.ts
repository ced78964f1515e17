import type { Snippet } from 'svelte';
import type { HTMLAttributes, HTMLFieldsetAttributes } from 'svelte/elements';
import type { BillingInterval, Catalog, Price, Product } from './catalog.js';

/** Every text the pricing parts render, so an app can translate them. */
export interface PricingLabels {
	/** Legend of the interval switch. */
	legend: string;
	/** Radio label per interval: "Monthly", "Yearly". */
	interval: Record<BillingInterval, string>;
	/** Written after a recurring price: "per month". */
	per: Record<BillingInterval, string>;
	/** Written after a one-time price. */
	oneTime: string;
	/** Shown instead of a price for a "Contact sales" tier. */
	custom: string;
	savePercent: (percent: number) => string;
	saveAmount: (amount: string) => string;
	trial: (days: number) => string;
	/** Text of the buy button; names the product so every button's name is unique. */
	choose: (productName: string) => string;
	currentPlan: string;
}

/** How the yearly saving is written: "Save 17%" or "$38 off". */
export type SavingStyle = 'percent' | 'amount';

export type SelectHandler = (price: Price, product: Product) => void;

type RootShared = {
	/** The billing interval shown; defaults to the first one the catalog offers. @bindable */
	interval?: BillingInterval;
	onIntervalChange?: (interval: BillingInterval) => void;
	/** The customer's plan: a price SKU (that exact price) or a product id (any of its prices). */
	currentPlan?: string;
	/** Called with the price the customer chose; create the checkout from `price.sku` on the server. */
	onSelect?: SelectHandler;
	/** BCP 47 locale for prices. @default the runtime's locale */
	locale?: string;
	/** @default 'percent' */
	saving?: SavingStyle;
	labels?: Partial<PricingLabels>;
	children?: Snippet;
} & Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/** Pass the `catalog` (validated on the server with `defineCatalog`) or its `products`. */
export type PricingRootProps = RootShared &
	({ catalog: Catalog; products?: never } | { products: readonly Product[]; catalog?: never });

export type PricingIntervalSwitchProps = Omit<HTMLFieldsetAttributes, 'children'> & {
	children?: Snippet;
};

export type PricingTierProps = Omit<HTMLAttributes<HTMLElement>, 'children'> & {
	product: Product;
	/** Level of the tier's heading, to fit the page's outline. @default 3 */
	headingLevel?: 2 | 3 | 4 | 5 | 6;
	/** Extra content after the feature list. */
	children?: Snippet;
};

/** What one tier shows for the selected interval, derived by `PricingState.tier`. */
export interface TierView {
	/** The price the call to action selects; absent for a contact-only tier. */
	price: Price | undefined;
	/** "$19", or the custom label for a contact-only tier. */
	amount: string;
	/** "per month", "one-time" or empty. */
	cadence: string;
	/** "Save 17%" when a yearly price beats twelve monthly payments. */
	saving: string | undefined;
	/** "14-day free trial". */
	trial: string | undefined;
	current: boolean;
	/** False when the product has nothing to show for this interval. */
	available: boolean;
}
