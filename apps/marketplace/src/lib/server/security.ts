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

/** Headers every response carries. */
export function setSecurityHeaders(headers: Headers, config: Config): void {
	headers.set(
		'content-security-policy',
		withPaymentOrigins(headers.get('content-security-policy'), config.stripe.origins)
	);
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	headers.set('cross-origin-opener-policy', 'same-origin-allow-popups');
	// Stripe's iframes need the Payment Request API for Apple Pay and Google Pay.
	const payment = ['self', ...config.stripe.origins.map((origin) => `"${origin}"`)].join(' ');
	headers.set(
		'permissions-policy',
		`camera=(), microphone=(), geolocation=(), payment=(${payment})`
	);
	if (config.origin.startsWith('https:')) {
		headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	}
}
