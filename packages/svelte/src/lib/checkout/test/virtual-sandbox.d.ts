// The module .storybook/sandbox-plugin.ts serves: the running sandbox's public keys, or null in a
// static Storybook.
declare module 'virtual:nobs-sandbox' {
	const sandbox: { publishableKey: string; stripeJsUrl: string } | null;
	export default sandbox;
}
