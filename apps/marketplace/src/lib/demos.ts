/** What the product pages demonstrate on flip cards: a component on the front, its code behind. */
export interface Demo {
	title: string;
	summary: string;
	code: string;
}

const demos = {
	cart: {
		title: 'Cart',
		summary: 'Quantities with stock limits, persistence validated on load, tabs kept in sync.',
		code: `<Cart.Root>\n  <AddToCart item={bundle} />\n  <Cart.Trigger />\n  <Cart.Drawer>\n    <Cart.List />\n    <Cart.Summary />\n  </Cart.Drawer>\n</Cart.Root>`
	},
	money: {
		title: 'Money',
		summary: 'Minor units for every Stripe currency, formatted by locale without float drift.',
		code: `formatMoney(money({ amount: 49900, currency: 'usd' }))\n// "$499.00"`
	},
	pricing: {
		title: 'Pricing tiers',
		summary: 'Monthly and yearly prices, the saving computed, the current plan marked.',
		code: `<Pricing.Root catalog={catalog} onSelect={subscribe} />`
	},
	flipCard: {
		title: 'Flip card',
		summary: 'This very card: click, Enter or Space flips it; reduced motion cross-fades.',
		code: `<FlipCard.Root>\n  <FlipCard.Front>…</FlipCard.Front>\n  <FlipCard.Back>…</FlipCard.Back>\n</FlipCard.Root>`
	},
	checkout: {
		title: 'Checkout',
		summary: 'Stripe Elements with the deferred-intent flow: the server sets the amount.',
		code: `<Checkout.Root stripe={getStripe(key)} amount={cart.subtotal} {createPaymentIntent}>\n  <Checkout.PaymentElement />\n  <Checkout.Submit />\n</Checkout.Root>`
	},
	server: {
		title: 'Server helpers',
		summary: 'PaymentIntents from a priced cart, exactly-once webhooks, return-URL checks.',
		code: `export const POST = createWebhookHandler({\n  stripe, secrets, inbox,\n  on: { 'payment_intent.succeeded': fulfil }\n});`
	},
	sandbox: {
		title: 'Sandbox',
		summary: 'An offline Stripe for tests and demos: the real SDKs talk to it unchanged.',
		code: `const sandbox = await startSandbox();\nconst stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);`
	}
} satisfies Record<string, Demo>;

const byProduct: Record<string, (keyof typeof demos)[]> = {
	'bundle-starter': ['money', 'cart'],
	'bundle-professional': ['cart', 'pricing', 'flipCard', 'checkout'],
	'bundle-enterprise': ['checkout', 'server', 'sandbox'],
	'api-pro': ['server'],
	'api-team': ['server'],
	'api-enterprise': ['server']
};

export function demosFor(productId: string): Demo[] {
	return (byProduct[productId] ?? []).map((key) => demos[key]);
}
