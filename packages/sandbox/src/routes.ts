import { billingMeterRoutes } from './resources/billing-meters.js';
import { chargeRoutes } from './resources/charges.js';
import { checkoutRoutes } from './resources/checkout.js';
import { customerRoutes } from './resources/customers.js';
import { eventRoutes } from './resources/events.js';
import { invoiceItemRoutes } from './resources/invoice-items.js';
import { invoicePreviewRoutes } from './resources/invoice-preview.js';
import { invoiceRoutes } from './resources/invoices.js';
import { paymentIntentRoutes } from './resources/payment-intents.js';
import { paymentMethodRoutes } from './resources/payment-methods.js';
import { portalRoutes } from './resources/portal.js';
import { priceRoutes } from './resources/prices.js';
import { productRoutes } from './resources/products.js';
import { refundRoutes } from './resources/refunds.js';
import { setupIntentRoutes } from './resources/setup-intents.js';
import { subscriptionRoutes } from './resources/subscriptions.js';
import { testClockRoutes } from './resources/test-clocks.js';
import type { Engine, Route } from './state/engine.js';
import { withoutIgnored } from './wire/accepted.js';
import { unknownUrl } from './wire/errors.js';
import type { FormObject } from './wire/form.js';

interface Compiled<R> {
	route: R;
	method: string;
	pattern: RegExp;
	names: string[];
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		// A malformed escape cannot name any object; leave it as typed so lookups answer 404.
		return segment;
	}
}

export function compile<R extends { method: string; path: string }>(
	routes: R[]
): Array<Compiled<R>> {
	return routes.map((route) => {
		const names: string[] = [];
		const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		return { route, method: route.method, pattern: new RegExp(`^${source}$`), names };
	});
}

export function match<R>(
	table: Array<Compiled<R>>,
	method: string,
	pathname: string
): { route: R; path: Record<string, string> } | 'wrong-method' | undefined {
	let pathMatched = false;
	for (const entry of table) {
		const found = entry.pattern.exec(pathname);
		if (!found) continue;
		pathMatched = true;
		if (entry.method !== method) continue;
		const path: Record<string, string> = {};
		entry.names.forEach((name, i) => (path[name] = safeDecode(found[i + 1] ?? '')));
		return { route: entry.route, path };
	}
	return pathMatched ? 'wrong-method' : undefined;
}

export const API_ROUTES = compile<Route>([
	...customerRoutes,
	...productRoutes,
	...priceRoutes,
	...paymentMethodRoutes,
	...paymentIntentRoutes,
	...chargeRoutes,
	...refundRoutes,
	...setupIntentRoutes,
	...checkoutRoutes,
	...subscriptionRoutes,
	// Before `/v1/invoices/:id`, which `create_preview` would otherwise match.
	...invoicePreviewRoutes,
	...invoiceRoutes,
	...invoiceItemRoutes,
	...portalRoutes,
	...billingMeterRoutes,
	...testClockRoutes,
	...eventRoutes
]);

/**
 * Calls the API in-process with the secret key, as the hosted pages do (portal plan change,
 * checkout completion), so a page action and the same API call behave identically.
 */
export function callApi(
	engine: Engine,
	method: Route['method'],
	path: string,
	params: FormObject = {}
): unknown {
	const found = match(API_ROUTES, method, path);
	if (!found || found === 'wrong-method') throw unknownUrl(method, path);
	return found.route.handler({
		engine,
		params: withoutIgnored(`${method} ${found.route.path}`, params),
		path: found.path,
		auth: 'secret',
		stripeVersion: null
	});
}
