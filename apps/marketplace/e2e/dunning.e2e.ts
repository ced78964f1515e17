import { signIn, uniqueEmail } from './support/accounts';
import { CARDS, gotoHydrated } from './support/checkout';
import { expect, test } from './support/fixtures';
import { expectNoViolations, payOnHostedPage } from './support/pages';
import { START_CEILING_MS, useOwnStack } from './support/stack';

/** Past the 14-day trial: the first renewal is due. */
const PAST_TRIAL_SECONDS = 15 * 86_400;

const PAST_DUE = 'Your last payment failed. Update your payment method to keep your plan.';

// Moving the sandbox clock by two weeks would expire the sessions and download links of every
// test sharing the project's stack, so this test has a sandbox (and app) of its own.
test.describe('with a clock of its own', () => {
	const startOwnStack = useOwnStack();

	test('a failed renewal shows the banner and recovers after the card is updated in the portal', async ({
		browser,
		stack: { driver }
	}) => {
		test.setTimeout(START_CEILING_MS + 240_000);
		const own = await startOwnStack({ driver, name: 'nobs_e2e_mk_dunning', deliverWebhooks: true });
		const context = await browser.newContext({ baseURL: own.origin });
		const page = await context.newPage();
		const email = uniqueEmail('dunning');
		await signIn(page, email);

		// The trial starts with a card that attaches but fails every later charge.
		await gotoHydrated(page, '/');
		await page.getByRole('button', { name: 'Choose Pro API' }).click();
		await payOnHostedPage(page, 'Start trial', email, CARDS.failsLater);
		await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();

		const advanced = await page.request.post(`${own.sandbox.url}/_sandbox/clock/advance`, {
			headers: { authorization: `Bearer ${own.sandbox.secretKey}` },
			data: { seconds: PAST_TRIAL_SECONDS }
		});
		expect(advanced.status(), await advanced.text()).toBe(200);

		// The renewal fails, the webhook marks the plan past due.
		const banner = page.getByText(PAST_DUE);
		await expect
			.poll(async () => {
				await gotoHydrated(page, '/account/billing');
				return banner.isVisible();
			})
			.toBe(true);
		const plan = page.locator('[data-slot="billing-plan"]');
		await expect(plan.getByText('Payment past due')).toBeVisible();
		await expectNoViolations(page);

		await page.getByRole('button', { name: 'Update payment method' }).click();
		await page.getByLabel('Card number').fill(CARDS.succeeds);
		await page.getByLabel('Expiration date').fill('12 / 34');
		await page.getByLabel('Security code').fill('123');
		await page.getByRole('button', { name: 'Update card' }).click();
		await expect(page.getByText('Card updated.')).toBeVisible();
		await expect(page.getByText(/Current card: visa •••• 4242/i)).toBeVisible();

		// The open invoice is paid with the new card; the webhook makes the plan active again.
		await expect
			.poll(async () => {
				await gotoHydrated(page, '/account/billing');
				return (await banner.isVisible()) ? 'past due' : await plan.getAttribute('data-state');
			})
			.toBe('active');
		await expect(plan.getByRole('heading', { name: 'Pro API' })).toBeVisible();
		await expect(plan.getByText(/^Active\./)).toBeVisible();
		await context.close();
	});
});
