/** What search engines and link previews read about a page; the layout renders it. */
export interface PageMeta {
	/** The card's title. @default SITE.title */
	title?: string;
	/** The meta description and the card's text. @default SITE.description */
	description?: string;
}

export const SITE = {
	name: 'NOBS Pay',
	title: 'NOBS Pay: payments components for Svelte',
	description:
		'A cart, a Stripe checkout that cannot charge the wrong amount, pricing tiers and the SvelteKit server helpers behind them. Buy the source once, use it in your project.',
	/** 1200 × 630, the size link previews ask for. */
	image: { path: '/og-image.png', width: 1200, height: 630, alt: 'NOBS Pay: payments for Svelte' }
} as const;

/** Public pages that are not in the catalog, for the sitemap and the footer. */
export const STATIC_PAGES = [
	{ path: '/', name: 'Store' },
	{ path: '/about', name: 'About' },
	{ path: '/terms', name: 'Terms and license' },
	{ path: '/privacy', name: 'Privacy' },
	{ path: '/refund-policy', name: 'Refund policy' },
	{ path: '/contact', name: 'Contact' }
] as const;
