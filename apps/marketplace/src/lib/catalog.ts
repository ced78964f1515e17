import type { Catalog } from '@nobs-pay/svelte';

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
export const catalog: Catalog = {
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
			metadata: { kind: 'plan' }
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
			metadata: { kind: 'plan' }
		},
		{
			id: 'api-enterprise',
			name: 'Enterprise API',
			description: 'Custom limits, SSO, an uptime SLA and invoicing.',
			features: ['Custom call volume', 'Dedicated rate limits', 'SLA and invoicing'],
			contact: { label: 'Contact sales', href: 'mailto:sales@nobs-pay.dev' },
			prices: [],
			metadata: { kind: 'plan' }
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

export function findProduct(id: string): CatalogProduct | undefined {
	return catalog.products.find((product) => product.id === id);
}
