/** What `envLines` needs from a started sandbox. */
export interface EnvLinesOptions {
	url: string;
	secretKey: string;
	publishableKey: string;
	stripeJsUrl: string;
	/** The signing secret of the app's webhook endpoint, when one was given. */
	webhookSecret?: string;
}

/**
 * The `.env` lines that point an app at the sandbox: `createStripe({ env })` of
 * `@nobs-pay/svelte/server` reads the first two, `getStripe(key, { stripeJsUrl })` the public ones.
 * In production leave `STRIPE_API_BASE` and `PUBLIC_STRIPE_JS_URL` unset.
 */
export function envLines(options: EnvLinesOptions): string {
	return [
		`STRIPE_SECRET_KEY=${options.secretKey}`,
		`STRIPE_API_BASE=${options.url}`,
		options.webhookSecret
			? `STRIPE_WEBHOOK_SECRET=${options.webhookSecret}`
			: '# STRIPE_WEBHOOK_SECRET: start with --webhook-url URL --webhook-secret whsec_... to receive events',
		`PUBLIC_STRIPE_PUBLISHABLE_KEY=${options.publishableKey}`,
		`PUBLIC_STRIPE_JS_URL=${options.stripeJsUrl}`
	].join('\n');
}
