import type { Product } from '@nobs-pay/svelte';

/** What an API plan allows (see the License API, `/docs/api`). */
export interface PlanLimits {
	/** Requests per minute per account. */
	requestsPerMinute: number;
	/** Calls included per billing period. */
	callsPerPeriod: number;
	/**
	 * Past `callsPerPeriod`: `block` answers 429 `quota_exceeded` (a hard cap); `bill` keeps
	 * answering and reports each call beyond to the `api_overage` Stripe meter.
	 */
	beyondQuota: 'block' | 'bill';
}

/** A catalog product; API plans carry their limits. */
export type MarketplaceProduct = Product & { limits?: PlanLimits };

/**
 * Everything the marketplace sells. Pages render it and the server prices carts from it
 * (`priceCart`), so a price lives in exactly one place. A bundle is licensed per project: its
 * quantity is the number of projects one license key covers (`licensedProjects`), which the cart
 * calls "Projects".
 *
 * It is typed here and validated with the library's zod schema (`defineCatalog`) when the server
 * starts (`services.ts`) and in `catalog.spec.ts`, not in the browser: running the schema on every
 * page would ship zod with it (about 27 kB gzip).
 */
/** Assignable to the library's `Catalog`; its plans also carry `limits`. */
export const catalog: { products: MarketplaceProduct[] } = {
	products: [
		{
			id: 'bundle-starter',
			name: 'Starter bundle',
			description: 'Money formatting and a complete, accessible cart for your SvelteKit store.',
			features: [
				'Money in minor units, every Stripe currency',
				'Cart with limits, persistence and tab sync',
				'Add-to-cart button and cart drawer',
				'Storybook stories for every state',
				'Licensed per project: the quantity you buy is the number of projects'
			],
			prices: [{ sku: 'bundle-starter', currency: 'usd', unitAmount: 19900, maxQuantity: 10 }],
			metadata: { kind: 'bundle', tagline: 'Sell your first product this afternoon.' }
		},
		{
			id: 'bundle-professional',
			name: 'Professional bundle',
			description:
				'Everything in Starter plus pricing tiers, the flip card and the Stripe checkout.',
			features: [
				'Everything in Starter',
				'Pricing tiers with interval switch',
				'Flip card for product demos',
				'Stripe Elements checkout, deferred-intent flow',
				'Licensed per project, one key for all of them'
			],
			highlight: 'Most popular',
			prices: [{ sku: 'bundle-professional', currency: 'usd', unitAmount: 49900, maxQuantity: 10 }],
			metadata: { kind: 'bundle', tagline: 'The whole storefront, ready to theme.' }
		},
		{
			id: 'bundle-enterprise',
			name: 'Enterprise bundle',
			description: 'Everything in Professional plus the server helpers and the offline sandbox.',
			features: [
				'Everything in Professional',
				'SvelteKit server helpers: PaymentIntents, Checkout Sessions, webhooks',
				'Offline Stripe sandbox for tests and demos',
				'Licensed per project, one key for all of them',
				'Priority support'
			],
			prices: [{ sku: 'bundle-enterprise', currency: 'usd', unitAmount: 149900, maxQuantity: 10 }],
			metadata: { kind: 'bundle', tagline: 'For teams that ship payments every week.' }
		},
		{
			id: 'api-pro',
			name: 'Pro API',
			description: 'Hosted license checks and usage analytics for one product.',
			features: ['10,000 API calls a month', '60 requests per minute', 'Email support'],
			prices: [
				{
					sku: 'api-pro-monthly',
					currency: 'usd',
					unitAmount: 9900,
					recurring: { interval: 'month', intervalCount: 1, trialDays: 14 },
					maxQuantity: 1
				},
				{
					sku: 'api-pro-yearly',
					currency: 'usd',
					unitAmount: 99000,
					recurring: { interval: 'year', intervalCount: 1, trialDays: 14 },
					maxQuantity: 1
				}
			],
			metadata: { kind: 'plan' },
			limits: { requestsPerMinute: 60, callsPerPeriod: 10_000, beyondQuota: 'block' }
		},
		{
			id: 'api-team',
			name: 'Team API',
			description: 'For teams with several products and environments.',
			features: ['250,000 API calls a month', '600 requests per minute', 'Priority support'],
			highlight: 'Best value',
			prices: [
				{
					sku: 'api-team-monthly',
					currency: 'usd',
					unitAmount: 49900,
					recurring: { interval: 'month', intervalCount: 1 },
					maxQuantity: 1
				},
				{
					sku: 'api-team-yearly',
					currency: 'usd',
					unitAmount: 499000,
					recurring: { interval: 'year', intervalCount: 1 },
					maxQuantity: 1
				}
			],
			metadata: { kind: 'plan' },
			limits: { requestsPerMinute: 600, callsPerPeriod: 250_000, beyondQuota: 'bill' }
		},
		{
			id: 'api-enterprise',
			name: 'Enterprise API',
			description: 'Custom limits, SSO, an uptime SLA and invoicing.',
			features: ['Custom call volume', 'Dedicated rate limits', 'SLA and invoicing'],
			contact: { label: 'Contact sales', href: 'mailto:sales@nobs-pay.dev' },
			prices: [],
			metadata: { kind: 'plan' },
			// Defaults for a new contract; sales agrees the real figures.
			limits: { requestsPerMinute: 6_000, callsPerPeriod: 10_000_000, beyondQuota: 'bill' }
		}
	]
};

export type CatalogProduct = (typeof catalog.products)[number];

/** One-time bundles, in catalog order. */
export const bundleProducts = catalog.products.filter(
	(product) => product.metadata.kind === 'bundle'
);

/** Subscription plans, in catalog order. */
export const planProducts = catalog.products.filter((product) => product.metadata.kind === 'plan');

/** The limits of an API plan (`api-pro`, `api-team`, `api-enterprise`); undefined for others. */
export function planLimits(planId: string): PlanLimits | undefined {
	return findProduct(planId)?.limits;
}

export function findProduct(id: string): CatalogProduct | undefined {
	return catalog.products.find((product) => product.id === id);
}
