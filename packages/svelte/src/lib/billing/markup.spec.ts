// The parts render on the server too (SvelteKit's SSR): every state of the stories, as HTML.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import BillingApiKeys from './billing-api-keys.svelte';
import BillingInvoices from './billing-invoices.svelte';
import BillingPaymentMethod from './billing-payment-method.svelte';
import BillingPaywall from './billing-paywall.svelte';
import BillingPlan from './billing-plan.svelte';
import BillingUsage from './billing-usage.svelte';
import { apiKeys, days, invoices, meters, now, plans, subscriptions } from './test/fixtures.js';

const noop = () => {};
// Svelte's hydration markers are comments; the tests read the markup without them.
const html = (body: string) => body.replace(/<!--[^>]*-->/g, '');

describe('billing parts on the server', () => {
	it.each(Object.entries(subscriptions))('renders Billing.Plan %s', (_, subscription) => {
		const { body } = render(BillingPlan, {
			props: {
				plans,
				subscription,
				now,
				locale: 'en-US',
				preview: async () => ({
					today: { amount: 0, currency: 'usd' },
					then: { amount: 0, currency: 'usd' }
				}),
				onChange: noop,
				onCancel: noop,
				onResume: noop
			}
		});
		expect(html(body)).toMatch(
			/^<section data-slot="billing-plan" data-state="[a-z_]+" aria-labelledby="[^"]+"><h3 id="[^"]+">Pro<\/h3>/
		);
		expect(html(body)).toContain(
			'<li data-state="upgrade"><span>Team</span><span>$49.00 per month</span><button type="button">Upgrade to Team, monthly</button></li>'
		);
	});

	it('renders Billing.Usage with its meters, live region and chart', () => {
		const { body } = render(BillingUsage, {
			props: { meters: [meters.over], days, locale: 'en-US' }
		});
		expect(html(body)).toContain('<meter aria-labelledby=');
		expect(html(body)).toContain(
			'max="12000" value="12000" high="9600" optimum="0"></meter><span>12,500 of 12,000 used (104.1%)</span><span>10,000 included</span>'
		);
		expect(html(body)).toContain(
			'<p role="status" class="nobs-visually-hidden">API requests: limit reached</p>'
		);
		expect(html(body)).toContain(
			'<svg role="img" aria-label="Daily usage from Mar 1, 2026 to Mar 4, 2026, peak 1,200"'
		);
		expect(html(body)).toContain('<path xmlns="http://www.w3.org/2000/svg" d="M1 100v-25h8V100z');
		expect(html(body)).toContain('<tr><th scope="row">Mar 2, 2026</th><td>1,200</td></tr>');
	});

	it('renders Billing.Invoices: rows, empty and loading', () => {
		const list = html(
			render(BillingInvoices, { props: { invoices, hasMore: true, locale: 'en-US' } }).body
		);
		expect(list).toContain(
			'<tr data-state="open"><td>Mar 1, 2026</td><td>NOBS-0002</td><td>$19.00</td><td>Open</td><td><a href="https://invoice.stripe.com/i/in_2" aria-label="View invoice NOBS-0002">View</a> <a'
		);
		expect(list).toContain('<button type="button">Load more</button>');
		expect(html(render(BillingInvoices, { props: { invoices: [] } }).body)).toContain(
			'<p>No invoices yet.</p>'
		);
		const loading = html(render(BillingInvoices, { props: { invoices: [], loading: true } }).body);
		expect(loading).toContain('aria-busy="true"');
		expect(loading).not.toContain('No invoices yet.');
	});

	it('renders Billing.ApiKeys with an empty input, the first expiry chosen, and no secret', () => {
		const { body } = render(BillingApiKeys, {
			props: { keys: apiKeys, onCreate: noop as never, onRevoke: noop, locale: 'en-US' }
		});
		// No `value` and no `selected`: an empty field and the first option, which hydration leaves
		// as the user set them.
		expect(html(body)).toMatch(/<input id="[^"]+" required="" maxlength="100">/);
		expect(html(body)).not.toContain('selected');
		expect(html(body)).toContain(
			'<option value="0">In 30 days</option><option value="1">In 90 days</option>'
		);
		expect(html(body)).toContain(
			'<code aria-label="Key: nobs_live_ … a1b2">nobs_live_…a1b2</code>'
		);
	});

	it('renders Billing.PaymentMethod and Billing.Paywall', () => {
		const card = { brand: 'Visa', last4: '4242', expMonth: 4, expYear: 2026 };
		const method = html(
			render(BillingPaymentMethod, { props: { card, now, pastDue: true, onManage: noop } }).body
		);
		expect(method).toContain(
			'<div data-slot="billing-past-due" role="alert"><p>Your last payment failed.'
		);
		expect(method).toContain(
			'<strong data-slot="billing-card">Visa ending in 4242</strong> <span>Expires 04/2026</span> <em data-slot="billing-card-warning">Expires soon</em>'
		);
		const paywall = html(
			render(BillingPaywall, {
				props: { meter: meters.atLimit, upgrade: plans[2]!, onUpgrade: noop, locale: 'en-US' }
			}).body
		);
		expect(paywall).toContain(
			'You have used 10,000 of 10,000 API requests.</p><button type="button">Upgrade to Team ($49.00 per month)</button>'
		);
	});
});
