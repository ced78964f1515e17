/**
 * Playwright helper: answers `https://js.stripe.com/**` with the sandbox's Stripe.js stand-in, so an
 * app that loads Stripe.js the normal way (script tag or `loadStripe`) runs offline unchanged.
 * Typed structurally, so this module needs no runtime dependency on Playwright.
 */

interface RouteLike {
	fulfill(response: {
		status?: number;
		contentType?: string;
		body?: string;
		headers?: Record<string, string>;
	}): Promise<void>;
	request(): { url(): string };
}

/** A Playwright `Page` or `BrowserContext`. */
export interface RouteTarget {
	route(
		url: string | RegExp,
		handler: (route: RouteLike) => Promise<void> | void
	): Promise<unknown>;
}

export interface RouteStripeJsOptions {
	/** The sandbox's `url`, e.g. `http://127.0.0.1:12111`. */
	sandboxUrl: string;
}

/**
 * @example
 * const sandbox = await startSandbox();
 * await routeStripeJs(page, { sandboxUrl: sandbox.url });
 * await page.goto('/checkout'); // loadStripe() now resolves to the stand-in
 */
export async function routeStripeJs(
	target: RouteTarget,
	{ sandboxUrl }: RouteStripeJsOptions
): Promise<void> {
	const origin = new URL(sandboxUrl).origin;
	let script: Promise<string> | undefined;
	const load = (): Promise<string> =>
		(script ??= fetch(`${origin}/v3/stripe.js`).then(async (response) => {
			if (!response.ok)
				throw new Error(
					`The sandbox at ${origin} did not serve the Stripe.js stand-in (HTTP ${response.status}).`
				);
			return response.text();
		}));
	await target.route(/^https:\/\/js\.stripe\.com\//, async (route) => {
		const path = new URL(route.request().url()).pathname;
		// Only the script itself: anything else Stripe.js would fetch from js.stripe.com is not needed offline.
		if (!/^\/(v3\/?|[a-z]+\/stripe\.js)$/.test(path))
			return route.fulfill({ status: 404, body: '' });
		return route.fulfill({
			status: 200,
			contentType: 'application/javascript; charset=utf-8',
			body: await load(),
			headers: { 'access-control-allow-origin': '*' }
		});
	});
}
