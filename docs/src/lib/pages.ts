/** Every page of the site, in the order of the navigation. */
export const pages = [
	{ path: '/', title: 'NOBS Pay' },
	{ path: '/getting-started', title: 'Getting started' },
	{ path: '/cart', title: 'Cart' },
	{ path: '/checkout', title: 'Checkout' },
	{ path: '/pricing', title: 'Pricing tiers' },
	{ path: '/billing', title: 'Billing' },
	{ path: '/flip-card', title: 'Flip card' },
	{ path: '/money', title: 'Money' },
	{ path: '/theming', title: 'Theming' },
	{ path: '/server', title: 'Server helpers' },
	{ path: '/sandbox', title: 'Sandbox' },
	{ path: '/reference', title: 'Component reference' },
	{ path: '/csp', title: 'SSR and Content Security Policy' },
	{ path: '/testing', title: 'Testing with the sandbox' },
	{ path: '/going-live', title: 'Going live' },
	{ path: '/benchmarks', title: 'Marketplace benchmarks' },
	{ path: '/marketplace-data', title: 'Marketplace data layer' },
	{ path: '/admin-customers', title: 'Back office: customers and refunds' }
] as const;
