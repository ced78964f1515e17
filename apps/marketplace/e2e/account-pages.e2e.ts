import { inviteToTeam, linkFromMailbox, subscribeToTeam, uniqueEmail } from './support/accounts';
import { gotoHydrated } from './support/checkout';
import { expect, test } from './support/fixtures';
import { expectNoSidewaysScroll, expectNoViolations } from './support/pages';

// The account pages of a Team as their users see them, at a phone's width and a laptop's: each is
// axe-clean and fits the window. Screenshots land in the test's output folder for review.
for (const width of [390, 1280]) {
	test(`a Team's billing, usage, team and invitation pages are axe-clean and fit at ${width}px`, async ({
		page,
		browser,
		baseURL
	}, testInfo) => {
		const look = async (name: string, target = page) => {
			await expectNoViolations(target);
			await expectNoSidewaysScroll(target);
			await target.screenshot({
				path: testInfo.outputPath(`${name}-${width}.png`),
				fullPage: true
			});
		};
		await page.setViewportSize({ width, height: 844 });
		const owner = await subscribeToTeam(page);

		await gotoHydrated(page, '/account/billing');
		// One "Invoices" heading: the component's, under the page's "Billing history".
		await expect(page.getByRole('heading', { name: 'Invoices', exact: true })).toHaveCount(1);
		await expect(page.getByRole('heading', { level: 2, name: 'Billing history' })).toBeVisible();
		// Team comes monthly and yearly: the buttons say which.
		await expect(page.getByRole('button', { name: 'Switch to Team API, yearly' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Downgrade to Pro API, monthly' })).toBeVisible();
		await look('billing');

		await gotoHydrated(page, '/account/api');
		// No call yet: 0 %, and a sentence rather than an empty chart.
		await expect(page.getByText(/^0 of 250,000 used \(0%\)$/)).toBeVisible();
		await expect(page.getByText('No usage yet in this period.')).toBeVisible();
		await expect(page.locator('[data-slot="billing-usage-chart"]')).toHaveCount(0);
		await look('usage');

		const member = uniqueEmail('invitee');
		await inviteToTeam(page, member);
		await expect(
			page.getByRole('button', { name: `Revoke the invitation of ${member}` })
		).toBeVisible();
		await look('team');

		const context = await browser.newContext({ baseURL, viewport: { width, height: 844 } });
		const invitee = await context.newPage();
		await invitee.goto(await linkFromMailbox(invitee, member, /invited you/));
		await expect(
			invitee.getByRole('button', { name: `Accept the invitation of ${owner}` })
		).toBeVisible();
		await look('invitation', invitee);
		await context.close();
	});
}
