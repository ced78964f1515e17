/**
 * Every top-level parameter the installed `stripe` SDK declares for an endpoint the sandbox serves
 * must be known to the sandbox (applied, stored or accepted without effect). The lists come from
 * the SDK's own type declarations, read with the TypeScript compiler API, so an SDK upgrade that
 * adds a parameter fails this test until the sandbox knows it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';
import { API_ROUTES } from '../src/routes.js';
import { ACCEPTED_WITHOUT_EFFECT } from '../src/wire/accepted.js';

/** Served endpoint → the SDK file (under esm/resources) and interface declaring its parameters. */
const ENDPOINTS: Record<string, [file: string, params: string]> = {
	'POST /v1/customers': ['Customers', 'CustomerCreateParams'],
	'GET /v1/customers/:id': ['Customers', 'CustomerRetrieveParams'],
	'POST /v1/customers/:id': ['Customers', 'CustomerUpdateParams'],
	'DELETE /v1/customers/:id': ['Customers', 'CustomerDeleteParams'],
	'GET /v1/customers': ['Customers', 'CustomerListParams'],
	'GET /v1/customers/:customer/payment_methods': ['Customers', 'CustomerListPaymentMethodsParams'],
	'POST /v1/products': ['Products', 'ProductCreateParams'],
	'GET /v1/products/:id': ['Products', 'ProductRetrieveParams'],
	'POST /v1/products/:id': ['Products', 'ProductUpdateParams'],
	'DELETE /v1/products/:id': ['Products', 'ProductDeleteParams'],
	'GET /v1/products': ['Products', 'ProductListParams'],
	'POST /v1/prices': ['Prices', 'PriceCreateParams'],
	'GET /v1/prices/:id': ['Prices', 'PriceRetrieveParams'],
	'POST /v1/prices/:id': ['Prices', 'PriceUpdateParams'],
	'GET /v1/prices': ['Prices', 'PriceListParams'],
	'POST /v1/payment_methods': ['PaymentMethods', 'PaymentMethodCreateParams'],
	'GET /v1/payment_methods/:id': ['PaymentMethods', 'PaymentMethodRetrieveParams'],
	'POST /v1/payment_methods/:id': ['PaymentMethods', 'PaymentMethodUpdateParams'],
	'POST /v1/payment_methods/:id/attach': ['PaymentMethods', 'PaymentMethodAttachParams'],
	'POST /v1/payment_methods/:id/detach': ['PaymentMethods', 'PaymentMethodDetachParams'],
	'GET /v1/payment_methods': ['PaymentMethods', 'PaymentMethodListParams'],
	'POST /v1/payment_intents': ['PaymentIntents', 'PaymentIntentCreateParams'],
	'GET /v1/payment_intents/:id': ['PaymentIntents', 'PaymentIntentRetrieveParams'],
	'POST /v1/payment_intents/:id': ['PaymentIntents', 'PaymentIntentUpdateParams'],
	'POST /v1/payment_intents/:id/confirm': ['PaymentIntents', 'PaymentIntentConfirmParams'],
	'POST /v1/payment_intents/:id/cancel': ['PaymentIntents', 'PaymentIntentCancelParams'],
	'POST /v1/payment_intents/:id/capture': ['PaymentIntents', 'PaymentIntentCaptureParams'],
	'GET /v1/payment_intents': ['PaymentIntents', 'PaymentIntentListParams'],
	'GET /v1/charges/:id': ['Charges', 'ChargeRetrieveParams'],
	'GET /v1/charges': ['Charges', 'ChargeListParams'],
	'POST /v1/refunds': ['Refunds', 'RefundCreateParams'],
	'GET /v1/refunds/:id': ['Refunds', 'RefundRetrieveParams'],
	'GET /v1/refunds': ['Refunds', 'RefundListParams'],
	'POST /v1/setup_intents': ['SetupIntents', 'SetupIntentCreateParams'],
	'GET /v1/setup_intents/:id': ['SetupIntents', 'SetupIntentRetrieveParams'],
	'POST /v1/setup_intents/:id/confirm': ['SetupIntents', 'SetupIntentConfirmParams'],
	'POST /v1/setup_intents/:id/cancel': ['SetupIntents', 'SetupIntentCancelParams'],
	'POST /v1/checkout/sessions': ['Checkout/Sessions', 'SessionCreateParams'],
	'GET /v1/checkout/sessions/:id': ['Checkout/Sessions', 'SessionRetrieveParams'],
	'GET /v1/checkout/sessions/:id/line_items': ['Checkout/Sessions', 'SessionListLineItemsParams'],
	'POST /v1/checkout/sessions/:id/expire': ['Checkout/Sessions', 'SessionExpireParams'],
	'GET /v1/checkout/sessions': ['Checkout/Sessions', 'SessionListParams'],
	'POST /v1/subscriptions': ['Subscriptions', 'SubscriptionCreateParams'],
	'GET /v1/subscriptions/:id': ['Subscriptions', 'SubscriptionRetrieveParams'],
	'POST /v1/subscriptions/:id': ['Subscriptions', 'SubscriptionUpdateParams'],
	'POST /v1/subscriptions/:id/resume': ['Subscriptions', 'SubscriptionResumeParams'],
	'DELETE /v1/subscriptions/:id': ['Subscriptions', 'SubscriptionCancelParams'],
	'GET /v1/subscriptions': ['Subscriptions', 'SubscriptionListParams'],
	'POST /v1/invoices': ['Invoices', 'InvoiceCreateParams'],
	'GET /v1/invoices/:id': ['Invoices', 'InvoiceRetrieveParams'],
	'POST /v1/invoices/:id/finalize': ['Invoices', 'InvoiceFinalizeInvoiceParams'],
	'POST /v1/invoices/:id/void': ['Invoices', 'InvoiceVoidInvoiceParams'],
	'POST /v1/invoices/:id/mark_uncollectible': ['Invoices', 'InvoiceMarkUncollectibleParams'],
	'POST /v1/invoices/:id/send': ['Invoices', 'InvoiceSendInvoiceParams'],
	'GET /v1/invoices/:id/lines': ['Invoices', 'InvoiceListLineItemsParams'],
	'POST /v1/invoices/:id/pay': ['Invoices', 'InvoicePayParams'],
	'GET /v1/invoices': ['Invoices', 'InvoiceListParams'],
	'POST /v1/invoices/create_preview': ['Invoices', 'InvoiceCreatePreviewParams'],
	'POST /v1/invoiceitems': ['InvoiceItems', 'InvoiceItemCreateParams'],
	'GET /v1/invoiceitems/:id': ['InvoiceItems', 'InvoiceItemRetrieveParams'],
	'POST /v1/invoiceitems/:id': ['InvoiceItems', 'InvoiceItemUpdateParams'],
	'DELETE /v1/invoiceitems/:id': ['InvoiceItems', 'InvoiceItemDeleteParams'],
	'GET /v1/invoiceitems': ['InvoiceItems', 'InvoiceItemListParams'],
	'POST /v1/billing_portal/sessions': ['BillingPortal/Sessions', 'SessionCreateParams'],
	'POST /v1/billing/meters': ['Billing/Meters', 'MeterCreateParams'],
	'GET /v1/billing/meters/:id': ['Billing/Meters', 'MeterRetrieveParams'],
	'POST /v1/billing/meters/:id': ['Billing/Meters', 'MeterUpdateParams'],
	'GET /v1/billing/meters': ['Billing/Meters', 'MeterListParams'],
	'POST /v1/billing/meters/:id/deactivate': ['Billing/Meters', 'MeterDeactivateParams'],
	'POST /v1/billing/meters/:id/reactivate': ['Billing/Meters', 'MeterReactivateParams'],
	'GET /v1/billing/meters/:id/event_summaries': ['Billing/Meters', 'MeterListEventSummariesParams'],
	'POST /v1/billing/meter_events': ['Billing/MeterEvents', 'MeterEventCreateParams'],
	'POST /v1/billing/meter_event_adjustments': [
		'Billing/MeterEventAdjustments',
		'MeterEventAdjustmentCreateParams'
	],
	'GET /v1/events/:id': ['Events', 'EventRetrieveParams'],
	'GET /v1/events': ['Events', 'EventListParams'],
	'POST /v1/test_helpers/test_clocks': ['TestHelpers/TestClocks', 'TestClockCreateParams'],
	'GET /v1/test_helpers/test_clocks/:id': ['TestHelpers/TestClocks', 'TestClockRetrieveParams'],
	'GET /v1/test_helpers/test_clocks': ['TestHelpers/TestClocks', 'TestClockListParams'],
	'DELETE /v1/test_helpers/test_clocks/:id': ['TestHelpers/TestClocks', 'TestClockDeleteParams'],
	'POST /v1/test_helpers/test_clocks/:id/advance': [
		'TestHelpers/TestClocks',
		'TestClockAdvanceParams'
	]
};

const stripeRoot = join(dirname(createRequire(import.meta.url).resolve('stripe')), '..');

/** Top-level property names of an exported interface, including those of interfaces it extends. */
function declaredParams(file: string, name: string): string[] {
	const path = join(stripeRoot, 'esm', file);
	const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
	// Top level, or inside `declare namespace Checkout { ... }` for namespaced resources.
	const statements = source.statements.flatMap((node) =>
		ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)
			? [...node.body.statements]
			: [node]
	);
	const found = statements.find(
		(node): node is ts.InterfaceDeclaration =>
			ts.isInterfaceDeclaration(node) && node.name.text === name
	);
	if (!found) throw new Error(`${name} is not declared in stripe/esm/${file}`);
	const names = found.members.flatMap((member) =>
		member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
			? [member.name.text]
			: []
	);
	for (const clause of found.heritageClauses ?? [])
		for (const type of clause.types) {
			const parent = type.expression.getText(source);
			if (parent !== 'PaginationParams') throw new Error(`${name} extends unknown ${parent}`);
			names.push(...declaredParams('shared.d.ts', parent));
		}
	return names;
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sandbox.stop();
});

/** Sends one parameter alone and says whether the sandbox refused it as unknown. */
async function isUnknown(endpoint: string, param: string): Promise<boolean> {
	const [method, path] = endpoint.split(' ') as [string, string];
	const url = new URL(path.replace(/:\w+/g, 'probe_missing'), sandbox.url);
	const form = new URLSearchParams({ [param]: 'probe' });
	const init: RequestInit = {
		method,
		headers: {
			authorization: `Bearer ${sandbox.secretKey}`,
			'content-type': 'application/x-www-form-urlencoded'
		}
	};
	if (method === 'POST') init.body = form.toString();
	else url.search = form.toString();
	const response = await fetch(url, init);
	const body = (await response.json()) as { error?: { code?: string; param?: string } };
	return body.error?.code === 'parameter_unknown' && body.error.param === param;
}

describe('parameter coverage against the stripe SDK declarations', () => {
	test('every served endpoint is mapped to its SDK parameters', () => {
		const served = API_ROUTES.map((entry) => `${entry.method} ${entry.route.path}`).sort();
		expect(served).toEqual(Object.keys(ENDPOINTS).sort());
	});

	test.each(Object.entries(ENDPOINTS))(
		'%s knows every parameter',
		async (endpoint, [file, name]) => {
			// The probe must reach parameter validation: a made-up name is refused as unknown.
			expect(await isUnknown(endpoint, 'zz_not_a_stripe_parameter')).toBe(true);
			const declared = declaredParams(`resources/${file}.d.ts`, name);
			const unknown: string[] = [];
			for (const param of declared) if (await isUnknown(endpoint, param)) unknown.push(param);
			const coverage =
				declared.length === 0 ? 1 : (declared.length - unknown.length) / declared.length;
			expect({ endpoint, coverage, unknown }).toEqual({ endpoint, coverage: 1, unknown: [] });
		}
	);

	test('what is accepted without effect is declared by the SDK and listed in the sandbox guide', () => {
		const docs = readFileSync(
			new URL('../../../docs/src/routes/sandbox/+page.md', import.meta.url),
			'utf8'
		);
		for (const [endpoint, names] of Object.entries(ACCEPTED_WITHOUT_EFFECT)) {
			const [file, params] = ENDPOINTS[endpoint] ?? ['', ''];
			const declared = declaredParams(`resources/${file}.d.ts`, params);
			expect(names.filter((name) => !declared.includes(name))).toEqual([]);
			const row = docs.split('\n').find((line) => line.startsWith(`| \`${endpoint}\``)) ?? '';
			expect(names.filter((name) => !row.includes(`\`${name}\``))).toEqual([]);
		}
	});
});
