import type { Catalog } from '@nobs-pay/svelte';

export const catalog: Catalog = {
	products: [
		{
			id: 'pro',
			name: 'Pro',
			description: 'For growing shops.',
			features: ['10 stores', 'Priority support'],
			highlight: 'Most popular',
			metadata: {},
			prices: [
				{
					sku: 'pro-monthly',
					currency: 'usd',
					unitAmount: 1900,
					recurring: { interval: 'month', intervalCount: 1, trialDays: 14 }
				},
				{
					sku: 'pro-yearly',
					currency: 'usd',
					unitAmount: 19000,
					recurring: { interval: 'year', intervalCount: 1, trialDays: 14 }
				}
			]
		},
		{
			id: 'enterprise',
			name: 'Enterprise',
			description: 'For marketplaces.',
			features: ['Unlimited stores', 'A named engineer'],
			metadata: {},
			prices: [],
			contact: { label: 'Contact sales', href: '/pricing' }
		}
	]
};
