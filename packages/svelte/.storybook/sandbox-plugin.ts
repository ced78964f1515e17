// Runs @nobs-pay/sandbox next to Storybook's dev server (and the Storybook tests), so the Checkout
// stories show the sandbox's Stripe.js stand-in, styled through the Appearance API, instead of a
// fake. A static Storybook has no server: `virtual:nobs-sandbox` then exports null.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'vite';

const ID = 'virtual:nobs-sandbox';

/** The part of @nobs-pay/sandbox used here, typed locally so type checks pass before it is built. */
interface Sandbox {
	url: string;
	secretKey: string;
	publishableKey: string;
	stripeJsUrl: string;
	stop(): Promise<void>;
}

/** The story shop's prices, by SKU: the endpoint prices the cart itself, as a real server does. */
const PRICES: Record<string, number> = { 'pro-plan': 49900, 'team-plan': 99900 };

async function start(): Promise<Sandbox | null> {
	try {
		// A variable specifier: a missing sandbox build is a warning here, not a failed config.
		const specifier = '@nobs-pay/sandbox';
		const { startSandbox } = (await import(/* @vite-ignore */ specifier)) as {
			startSandbox(options: { port: number }): Promise<Sandbox>;
		};
		return await startSandbox({ port: 0 });
	} catch (error) {
		console.warn(
			`Checkout stories: @nobs-pay/sandbox did not start (pnpm --filter @nobs-pay/sandbox build): ${String(error)}`
		);
		return null;
	}
}

async function readJson(request: IncomingMessage): Promise<unknown> {
	let text = '';
	for await (const chunk of request) text += String(chunk);
	return JSON.parse(text || '{}');
}

/** Total of `{ items: [{ sku, quantity }] }` from PRICES, or null for an unknown line. */
function priceCart(body: unknown): number | null {
	const items = (body as { items?: unknown } | null)?.items;
	if (!Array.isArray(items) || items.length === 0) return null;
	let total = 0;
	for (const item of items as { sku?: unknown; quantity?: unknown }[]) {
		const price = typeof item.sku === 'string' ? PRICES[item.sku] : undefined;
		const quantity = Number(item.quantity);
		if (!price || !Number.isInteger(quantity) || quantity < 1 || quantity > 99) return null;
		total += price * quantity;
	}
	return total;
}

export function sandboxPlugin(): Plugin {
	let serving = false;
	let started: Promise<Sandbox | null> | undefined;
	// Started on first use only, so stories without a checkout never wait for it.
	const sandbox = () => (serving ? (started ??= start()) : Promise.resolve(null));
	const stop = async () => {
		const running = await started;
		started = undefined;
		await running?.stop();
	};
	return {
		name: 'nobs-pay-sandbox',
		configureServer(server) {
			serving = true;
			// Vitest closes the server without closing the bundle: stop the sandbox with either.
			const close = server.close.bind(server);
			server.close = async () => {
				await stop();
				return close();
			};
			// What `createPaymentIntentHandler` does in an app, in miniature: the story's server.
			server.middlewares.use('/__sandbox/payment-intent', (request, response) => {
				void (async () => {
					const running = await sandbox();
					const amount = running && priceCart(await readJson(request).catch(() => null));
					const answer = (status: number, body: unknown) => {
						response.writeHead(status, { 'content-type': 'application/json' });
						response.end(JSON.stringify(body));
					};
					if (!running || !amount) {
						return answer(400, { error: { code: 'invalid_cart', message: 'Unknown cart.' } });
					}
					const created = await fetch(`${running.url}/v1/payment_intents`, {
						method: 'POST',
						headers: { authorization: `Bearer ${running.secretKey}` },
						body: new URLSearchParams({
							amount: String(amount),
							currency: 'usd',
							'automatic_payment_methods[enabled]': 'true'
						})
					});
					const intent = (await created.json()) as { client_secret: string };
					answer(200, { clientSecret: intent.client_secret, amount, currency: 'usd' });
				})();
			});
		},
		resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
		async load(id) {
			if (id !== `\0${ID}`) return undefined;
			const running = await sandbox();
			const keys = running && {
				publishableKey: running.publishableKey,
				stripeJsUrl: running.stripeJsUrl
			};
			return `export default ${JSON.stringify(keys)};`;
		},
		closeBundle: stop
	};
}
