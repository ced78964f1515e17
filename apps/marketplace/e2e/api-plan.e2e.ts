import type { APIResponse, Page } from '@playwright/test';
import { signIn, uniqueEmail } from './support/accounts';
import { gotoHydrated } from './support/checkout';
import { errorBodySchema, expect, test } from './support/fixtures';
import { expectNoSidewaysScroll, expectNoViolations, payOnHostedPage } from './support/pages';

/** The Pro plan's requests per minute, from the catalog (the e2e stack keeps the default). */
const PRO_PER_MINUTE = 60;

/**
 * Subscribes a signed-in account to Pro from the plans table: straight to the sandbox's hosted
 * Checkout page, which shows the trial.
 */
async function subscribeToProWithTrial(page: Page, email: string) {
	await gotoHydrated(page, '/');
	await page.getByRole('button', { name: 'Choose Pro API' }).click();
	await expect(page.getByText('14 days free')).toBeVisible();
	await payOnHostedPage(page, 'Start trial', email);
	await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
}

test('a Pro subscriber creates a key, calls the License API until rate-limited, sees the usage and upgrades to Team', async ({
	page,
	playwright,
	baseURL
}) => {
	const email = uniqueEmail('api-plan');
	await signIn(page, email);
	await subscribeToProWithTrial(page, email);

	// The key is shown once, on the page that created it.
	await gotoHydrated(page, '/account/api');
	await expectNoViolations(page);
	const keys = page.locator('[data-slot="billing-api-keys"]');
	await keys.getByLabel('Name', { exact: true }).fill('CI server');
	await keys.getByRole('button', { name: 'Create key' }).click();
	const fresh = keys.locator('[data-slot="billing-api-key-new"]');
	await expect(fresh.getByRole('alert')).toHaveText(
		'Copy this key now. It will not be shown again.'
	);
	const secret = (await fresh.locator('code').textContent()) ?? '';
	expect(secret).toMatch(/^nobs_test_[1-9A-HJ-NP-Za-km-z]{22,}$/);
	await expectNoViolations(page);
	await fresh.getByRole('button', { name: 'Done' }).click();
	await expect(fresh).toHaveCount(0);
	await expect(keys.locator('[data-slot="billing-api-key"]')).toHaveCount(1);

	// The License API, as a subscriber's server calls it: the browser's cookies play no part.
	const api = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { authorization: `Bearer ${secret}` }
	});
	let successes = 0;
	const call = async (answer: Promise<APIResponse>, status: number) => {
		const response = await answer;
		expect(response.status(), await response.text()).toBe(status);
		successes++;
		return response.json();
	};
	const product = await call(api.post('/api/v1/products', { data: { name: 'Desktop app' } }), 201);
	const license = await call(
		api.post('/api/v1/licenses', { data: { product: product.id, maxActivations: 2 } }),
		201
	);
	expect(license.key).toMatch(/^lk_/);
	const check = await call(
		api.post('/api/v1/licenses/validate', { data: { key: license.key, instance: 'laptop' } }),
		200
	);
	expect(check).toMatchObject({ valid: true, code: 'VALID', license: { id: license.id } });

	// Pro allows 60 requests a minute: the 61st (within the minute) is refused.
	let refused: APIResponse | undefined;
	for (let attempt = 0; attempt <= PRO_PER_MINUTE && !refused; attempt++) {
		const response = await api.get('/api/v1/products');
		if (response.status() === 429) refused = response;
		else {
			expect(response.status(), await response.text()).toBe(200);
			successes++;
		}
	}
	expect(refused, 'a 429 within the plan’s requests per minute').toBeDefined();
	expect(successes).toBe(PRO_PER_MINUTE);
	expect(errorBodySchema.parse(await refused!.json()).error.code).toBe('rate_limited');
	const headers = refused!.headers();
	expect(headers['ratelimit-policy']).toMatch(/^"minute";q=60;w=60, "period";q=10000;w=\d+$/);
	expect(headers['ratelimit']).toMatch(/^"minute";r=0;t=\d+$/);
	expect(Number(headers['retry-after'])).toBeGreaterThanOrEqual(1);
	// A sliding minute: the rest of this minute, then a sixtieth of the next for one call to slide out.
	expect(Number(headers['retry-after'])).toBeLessThanOrEqual(61);
	await api.dispose();

	// Usage is written in batches: reload until the successful calls show, on the meter and in the
	// chart's table (what a screen reader reads of the chart).
	await expect(async () => {
		await page.reload();
		await expect(page.locator('[data-slot="billing-usage"]')).toContainText(
			`${successes} of 10,000 used`,
			{ timeout: 1_000 }
		);
	}).toPass({ timeout: 60_000 });
	const chart = page.locator('[data-slot="billing-usage-chart"]');
	await expect(chart.getByRole('img')).toHaveAccessibleName(new RegExp(`peak ${successes}$`));
	await expect(
		chart.getByRole('table').getByRole('cell', { name: String(successes), exact: true })
	).toHaveCount(1);
	await expectNoViolations(page);

	// Upgrade to Team, monthly, after seeing what it costs.
	await gotoHydrated(page, '/account/billing');
	await expectNoViolations(page);
	const plan = page.locator('[data-slot="billing-plan"]');
	await expect(plan.getByRole('heading', { name: 'Pro API' })).toBeVisible();
	await plan
		.getByRole('listitem')
		.filter({ hasText: 'per month' })
		.getByRole('button', { name: 'Upgrade to Team API, monthly' })
		.click();
	await expect(plan.locator('[data-slot="billing-plan-preview"]')).toHaveText(
		/^\$\d[\d,]*\.\d\d today, then \$499\.00 per month$/
	);
	await expectNoViolations(page);
	await plan.getByRole('button', { name: 'Confirm change' }).click();
	await expect(plan.getByRole('heading', { name: 'Team API' })).toBeVisible();
	await expect(
		plan.getByRole('listitem').filter({ hasText: 'Team API' }).filter({ hasText: 'per month' })
	).toContainText('Current plan');
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expectNoViolations(page);
});

for (const width of [390, 1280]) {
	test(`the API page of a subscriber with a key does not scroll sideways at ${width}px`, async ({
		page
	}) => {
		await page.setViewportSize({ width, height: 844 });
		const email = uniqueEmail(`api-width-${width}`);
		await signIn(page, email);
		await subscribeToProWithTrial(page, email);
		await gotoHydrated(page, '/account/api');
		await page
			.getByLabel('Name', { exact: true })
			.fill('A key with a long name for a narrow screen');
		await page.getByRole('button', { name: 'Create key' }).click();
		// The new key, one long unbroken word, is the widest thing the page shows.
		await expect(page.locator('[data-slot="billing-api-key-new"] code')).toHaveText(/^nobs_test_/);
		await expectNoSidewaysScroll(page);
		await page.getByRole('button', { name: 'Done' }).click();
		await expect(page.locator('[data-slot="billing-api-key"]')).toHaveCount(1);
		await expectNoSidewaysScroll(page);
	});
}
