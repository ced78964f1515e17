import { defineCatalog } from '../catalog-schema.js';

/** A SaaS catalog: two plans billed monthly or yearly, a highlighted plan with a trial, and a contact-only tier. */
export const saasCatalog = defineCatalog({
	products: [
		{
			id: 'starter',
			name: 'Starter',
			description: 'For side projects.',
			features: ['1 store', 'Email support'],
			prices: [
				{
					sku: 'starter-monthly',
					currency: 'usd',
					unitAmount: 900,
					recurring: { interval: 'month' }
				},
				{
					sku: 'starter-yearly',
					currency: 'usd',
					unitAmount: 9000,
					recurring: { interval: 'year' }
				}
			]
		},
		{
			id: 'pro',
			name: 'Pro',
			description: 'For growing shops.',
			features: ['10 stores', 'Priority support', 'Revenue analytics'],
			highlight: 'Most popular',
			prices: [
				{
					sku: 'pro-monthly',
					currency: 'usd',
					unitAmount: 1900,
					recurring: { interval: 'month', trialDays: 14 }
				},
				{
					sku: 'pro-yearly',
					currency: 'usd',
					unitAmount: 19000,
					recurring: { interval: 'year', trialDays: 14 }
				}
			]
		},
		{
			id: 'enterprise',
			name: 'Enterprise',
			description: 'Volume pricing, SSO and an SLA.',
			features: ['Unlimited stores', 'Dedicated support'],
			contact: { label: 'Contact sales', href: 'mailto:sales@example.com' }
		}
	]
});

/** One-time bundles: no billing interval at all. */
export const bundleCatalog = defineCatalog({
	products: [
		{
			id: 'icons',
			name: 'Icon pack',
			description: '1,200 icons, lifetime updates.',
			features: ['SVG and PNG', 'Commercial licence'],
			prices: [{ sku: 'icons', currency: 'usd', unitAmount: 4900 }]
		},
		{
			id: 'everything',
			name: 'Everything bundle',
			description: 'Every pack we make.',
			highlight: 'Best value',
			features: ['All current packs', 'All future packs'],
			prices: [{ sku: 'everything', currency: 'usd', unitAmount: 14900 }]
		}
	]
});

/** A plan priced in yen, which has no minor unit. */
export const yenCatalog = defineCatalog({
	products: [
		{
			id: 'team',
			name: 'Team',
			prices: [
				{ sku: 'team-monthly', currency: 'jpy', unitAmount: 980, recurring: { interval: 'month' } },
				{ sku: 'team-yearly', currency: 'jpy', unitAmount: 9800, recurring: { interval: 'year' } }
			]
		}
	]
});
