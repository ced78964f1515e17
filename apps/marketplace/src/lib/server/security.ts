import type { Config } from './config.js';

/** Directives that must reach the payment provider: Stripe.js, its iframes and its API. */
const PAYMENT_DIRECTIVES = ['script-src', 'frame-src', 'connect-src'] as const;

/**
 * Adds the payment provider's origins to the Content-Security-Policy SvelteKit generated for a
 * page (with its script hashes), or sets a closed policy on anything else.
 */
export function withPaymentOrigins(policy: string | null, origins: readonly string[]): string {
	if (!policy) return "default-src 'none'; frame-ancestors 'none'";
	const directives = policy.split(';').map((directive) => directive.trim());
	return PAYMENT_DIRECTIVES.reduce((list, name) => {
		const index = list.findIndex((directive) => directive.startsWith(`${name} `));
		if (index === -1) return [...list, `${name} 'self' ${origins.join(' ')}`];
		return list.with(index, `${list[index]} ${origins.join(' ')}`);
	}, directives).join('; ');
}

/**
 * Headers every response carries. A header the route set itself wins (the order and download
 * pages ask for `Referrer-Policy: no-referrer`, the download refusal sends its own closed policy);
 * only what it left unset gets the default. `page` says SvelteKit rendered a page: its generated
 * policy (with the script hashes) is the one that gets the payment origins.
 */
export function setSecurityHeaders(
	headers: Headers,
	config: Config,
	{ page }: { page: boolean }
): void {
	const policy = headers.get('content-security-policy');
	if (page) {
		headers.set('content-security-policy', withPaymentOrigins(policy, config.stripe.origins));
	} else if (!policy) {
		headers.set('content-security-policy', withPaymentOrigins(null, config.stripe.origins));
	}
	// Stripe's iframes need the Payment Request API for Apple Pay and Google Pay.
	const payment = ['self', ...config.stripe.origins.map((origin) => `"${origin}"`)].join(' ');
	const defaults: Record<string, string> = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'x-frame-options': 'DENY',
		'cross-origin-opener-policy': 'same-origin-allow-popups',
		'permissions-policy': `camera=(), microphone=(), geolocation=(), payment=(${payment})`,
		...(config.origin.startsWith('https:')
			? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' }
			: {})
	};
	for (const [name, value] of Object.entries(defaults)) {
		if (!headers.has(name)) headers.set(name, value);
	}
}
