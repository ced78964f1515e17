import Stripe from 'stripe';
import { type Page } from '@playwright/test';
import { signIn, uniqueEmail } from './support/accounts';
import {
	addProfessionalBundle,
	CARDS,
	expectFulfilledOrderPage,
	fillPayment,
	gotoHydrated,
	payButton
} from './support/checkout';
import { ADMIN_API_TOKEN, ADMIN_EMAIL } from './support/env';
import { buyWithApi, expect, test } from './support/fixtures';
import { expectNoViolations, payOnHostedPage } from './support/pages';
import { START_CEILING_MS, useOwnStack } from './support/stack';

/** Prices of the catalog the purchases below use, in cents. */
const PROFESSIONAL = 49_900;
const STARTER = 19_900;
const TEAM_MONTHLY = 49_900;
const PARTIAL_REFUND = 10_000;

const usd = (cents: number) =>
	new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

/** The value shown under a figure's name on the dashboard. */
const figure = (page: Page, label: string) =>
	page
		.locator('[data-slot="metrics-figures"] > div')
		.filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
		.locator('dd')
		.first();

// Exact figures need a shop nobody else buys from: the project's shared app serves every other
// test at once, so this one has its own sandbox, database and app.
test.describe('with a shop of its own', () => {
	const startOwnStack = useOwnStack();

	test('the admin sees the month’s figures move with purchases, a refund and a subscription', async ({
		browser,
		stack: { driver }
	}) => {
		test.setTimeout(START_CEILING_MS + 360_000);
		const own = await startOwnStack({
			driver,
			name: 'nobs_e2e_admin_dashboard',
			deliverWebhooks: true,
			env: { ADMIN_EMAILS: ADMIN_EMAIL, ADMIN_API_TOKEN }
		});
		const stripe = new Stripe(own.sandbox.secretKey, {
			...own.sandbox.stripeConfig,
			maxNetworkRetries: 0
		});
		// This month so far, in UTC (the app's default SHOP_TIME_ZONE).
		const today = new Date().toISOString().slice(0, 10);
		const month = `/admin?from=${today.slice(0, 8)}01&to=${today}&interval=day&tz=UTC`;

		const adminContext = await browser.newContext({ baseURL: own.origin });
		const admin = await adminContext.newPage();
		await signIn(admin, ADMIN_EMAIL, month);
		await expect(admin.getByRole('heading', { name: 'No sales yet' })).toBeVisible();
		await expectNoViolations(admin);

		const buyerContext = await browser.newContext({ baseURL: own.origin });
		const buyer = await buyerContext.newPage();
		await test.step('a Professional bundle bought through the checkout page', async () => {
			await addProfessionalBundle(buyer);
			await gotoHydrated(buyer, '/checkout');
			await fillPayment(buyer, CARDS.succeeds, uniqueEmail('dashboard-buyer'));
			await payButton(buyer).click();
			await expectFulfilledOrderPage(buyer);
		});
		await admin.goto(month);
		await expect(figure(admin, 'Gross')).toHaveText(usd(PROFESSIONAL));
		await expect(figure(admin, 'Orders')).toHaveText('1');

		let starterIntent = '';
		await test.step('two Starter bundles bought through the API, then partly refunded', async () => {
			const order = await buyWithApi(buyerContext.request, stripe, {
				items: [{ sku: 'bundle-starter', quantity: 2 }]
			});
			starterIntent = order.paymentIntentId;
			await stripe.refunds.create({ payment_intent: starterIntent, amount: PARTIAL_REFUND });
		});

		await test.step('a Team API subscription, paid monthly', async () => {
			const subscriber = uniqueEmail('dashboard-subscriber');
			await signIn(buyer, subscriber);
			const answer = await buyer.request.post('/api/subscribe', {
				data: { items: [{ sku: 'api-team-monthly', quantity: 1 }] }
			});
			expect(answer.status(), await answer.text()).toBe(200);
			await buyer.goto((await answer.json()).url);
			await payOnHostedPage(buyer, 'Subscribe', subscriber);
			await expect(buyer.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
		});

		const gross = PROFESSIONAL + 2 * STARTER;
		const expected = {
			gross,
			refunds: PARTIAL_REFUND,
			net: gross - PARTIAL_REFUND,
			orders: 2,
			aov: Math.round(gross / 2),
			mrr: TEAM_MONTHLY
		};
		// The refund and the subscription reach the app by webhook: reload until they have.
		await expect
			.poll(async () => {
				await admin.goto(month);
				return [
					await figure(admin, 'Refunds').textContent(),
					await figure(admin, 'MRR').textContent()
				];
			})
			.toEqual([usd(expected.refunds), usd(expected.mrr)]);
		await expect(figure(admin, 'Gross')).toHaveText(usd(expected.gross));
		await expect(figure(admin, 'Net')).toHaveText(usd(expected.net));
		await expect(figure(admin, 'Orders')).toHaveText(String(expected.orders));
		await expect(figure(admin, 'Average order')).toHaveText(usd(expected.aov));
		await expect(figure(admin, 'ARR')).toHaveText(usd(expected.mrr * 12));
		await expect(figure(admin, 'Active subscriptions')).toHaveText('1');
		await expect(admin.getByText(`new ${usd(expected.mrr)}`)).toBeVisible();
		const products = admin.getByRole('table').filter({ has: admin.getByText('Net of refunds') });
		await expect(products.getByRole('row', { name: /Starter bundle/ })).toContainText(
			usd(2 * STARTER - PARTIAL_REFUND)
		);
		await expectNoViolations(admin);
		await admin.setViewportSize({ width: 390, height: 844 });
		await expectNoViolations(admin);
		const overflow = await admin.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);

		await test.step('the same figures from the JSON API and the CSV exports', async () => {
			const headers = { authorization: `Bearer ${ADMIN_API_TOKEN}` };
			const filters = month.split('?')[1];
			const json = await (
				await admin.request.get(`/admin/api/metrics?${filters}`, { headers })
			).json();
			expect(json.totals).toEqual({
				gross: expected.gross,
				refunds: expected.refunds,
				net: expected.net,
				orders: expected.orders,
				aov: expected.aov
			});
			expect(json.subscriptions).toMatchObject({
				mrr: expected.mrr,
				active: 1,
				newMrr: expected.mrr
			});
			const csv = await (
				await admin.request.get(`/admin/api/orders.csv?${filters}`, { headers })
			).text();
			expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + expected.orders);
			expect(csv).toContain(',USD,398.00,100.00,bundle-starter x 2');
			const bad = await admin.request.get('/admin/api/metrics?tz=Mars/Olympus', { headers });
			expect(bad.status()).toBe(400);
			expect((await bad.json()).issues).toEqual([
				{ field: 'tz', message: 'Not a known IANA time zone.' }
			]);
		});
		await adminContext.close();
		await buyerContext.close();
	});
});
