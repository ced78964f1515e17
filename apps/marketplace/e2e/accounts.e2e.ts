import {
	inviteToTeam,
	linkFromMailbox,
	signIn,
	subscribeToTeam,
	uniqueEmail
} from './support/accounts';
import { gotoHydrated } from './support/checkout';
import { expect, sandboxStripe, test } from './support/fixtures';
import { START_CEILING_MS, useOwnStack } from './support/stack';
import { expectNoViolations, payOnHostedPage } from './support/pages';

test('an anonymous visitor of the billing page is sent to sign in with a 303 and comes back', async ({
	page
}) => {
	const response = await page.request.get('/account/billing', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe('/sign-in?next=%2Faccount%2Fbilling');

	const email = uniqueEmail('returning');
	await page.goto('/account/billing');
	await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fbilling$/);
	await signIn(page, email);
	await expect(page).toHaveURL(/\/account\/billing$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();

	// A sign-in link works once.
	const used = await linkFromMailbox(page, email, /sign-in link/);
	await page.context().clearCookies();
	await page.goto(used);
	await expect(page.getByRole('alert')).toHaveText(/expired or was already used/);

	await signIn(page, email);
	await expect(page).toHaveURL(/\/account\/billing$/);
	await page.goto('/account');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
	expect((await page.request.get('/account', { maxRedirects: 0 })).status()).toBe(303);
});

test('signs in by magic link, subscribes to Pro with the trial, then cancels and resumes', async ({
	page
}) => {
	const email = uniqueEmail('pro');
	await gotoHydrated(page, '/');
	await page.getByRole('button', { name: 'Choose Pro API' }).click();

	// Signed out: sign in on the way, then continue to Stripe's page.
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fsubscribe%2Fapi-pro-monthly$/);
	await expectNoViolations(page);
	await signIn(page, email);
	await expect(page.getByRole('heading', { name: 'Subscribe to Pro API' })).toBeVisible();
	await page.getByRole('button', { name: 'Continue to payment' }).click();

	await expect(page.getByText('14 days free')).toBeVisible();
	await payOnHostedPage(page, 'Start trial', email);
	await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
	await page.getByRole('link', { name: 'See your plan' }).click();

	const plan = page.locator('[data-slot="billing-plan"]');
	await expect(plan.getByRole('heading', { name: 'Pro API' })).toBeVisible();
	await expect(plan.getByText(/days? left in your trial/)).toBeVisible();
	await expectNoViolations(page);

	await plan.getByRole('button', { name: 'Cancel plan' }).click();
	await plan.getByLabel('Why are you canceling? (optional)').fill('Just testing');
	await plan.getByRole('button', { name: 'Cancel at period end' }).click();
	await expect(plan.getByText(/^Cancels on /)).toBeVisible();

	await plan.getByRole('button', { name: 'Resume plan' }).click();
	await expect(plan.getByText(/days? left in your trial/)).toBeVisible();
	await expect(plan.getByRole('button', { name: 'Cancel plan' })).toBeVisible();

	// The account page shows the plan; the mailbox got the welcome and the cancellation once each.
	await page.goto('/account');
	await expect(page.getByText(/Pro API \(trialing\)/)).toBeVisible();
	await expectNoViolations(page);
	const mail = await (await page.request.get('/dev/mail.json')).json();
	const subjects = (mail.messages as { to: string; subject: string }[])
		.filter((message) => message.to === email)
		.map((message) => message.subject);
	expect(subjects.filter((subject) => subject === 'Welcome to NOBS Pay Pro API')).toHaveLength(1);
	expect(subjects.filter((subject) => /plan is canceled/.test(subject))).toHaveLength(1);
});

test('a double-clicked subscribe creates one customer and one subscription', async ({
	page,
	stack
}) => {
	const email = uniqueEmail('double');
	await signIn(page, email);
	const subscribe = () =>
		page.request.post('/api/subscribe', {
			data: { items: [{ sku: 'api-team-monthly', quantity: 1 }] }
		});
	const answers = await Promise.all([subscribe(), subscribe()]);
	const urls = await Promise.all(answers.map(async (answer) => (await answer.json()).url));
	expect(urls[0]).toMatch(/^https?:\/\//);
	expect(urls[1]).toBe(urls[0]);

	await page.goto(urls[0]);
	await payOnHostedPage(page, 'Subscribe', email);
	await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
	// A third click, after paying, leads to the billing page rather than a second subscription.
	const again = await (await subscribe()).json();
	expect(again.url).toMatch(/\/account\/billing$/);

	const stripe = sandboxStripe(stack.sandboxPort);
	const customers = await stripe.customers.list({ email, limit: 10 });
	expect(customers.data).toHaveLength(1);
	const subscriptions = await stripe.subscriptions.list({
		customer: customers.data[0]?.id,
		status: 'all'
	});
	expect(subscriptions.data).toHaveLength(1);
});

test('a Team owner invites a member, who shares the plan but cannot manage billing', async ({
	page,
	browser,
	baseURL
}) => {
	const owner = await subscribeToTeam(page);

	const member = uniqueEmail('member');
	await inviteToTeam(page, member);
	await expect(page.locator('main').getByRole('status')).toHaveText(
		`We emailed an invitation to ${member}. It is theirs to accept once they sign in.`
	);
	await expect(
		page.getByRole('button', { name: `Revoke the invitation of ${member}` })
	).toBeVisible();
	await expectNoViolations(page);

	const context = await browser.newContext({ baseURL });
	const memberPage = await context.newPage();
	await memberPage.goto(await linkFromMailbox(memberPage, member, /invited you/));
	// Signing in joins nothing: the invitation waits on the account page for an answer.
	await expect(memberPage).toHaveURL(/\/account$/);
	await expect(memberPage.getByText('No API plan yet.')).toBeVisible();
	await expect(memberPage.getByText(`${owner} invited you to their team`)).toBeVisible();
	await expectNoViolations(memberPage);
	await memberPage.getByRole('button', { name: `Accept the invitation of ${owner}` }).click();
	await expect(memberPage.locator('main').getByRole('status')).toHaveText(/You joined the team/);
	await expect(memberPage.getByText('Team API (active), shared by your team.')).toBeVisible();
	await memberPage.goto('/account/billing');
	await expect(memberPage.getByText("The team's owner manages its billing.")).toBeVisible();
	const refused = await memberPage.request.post('/api/billing/plan', {
		data: { action: 'cancel' }
	});
	expect(refused.status()).toBe(403);
	expect((await memberPage.request.get('/account/team')).status()).toBe(403);

	// The owner sees the member, and removes them: the member is on their own account again.
	await page.reload();
	await expect(page.getByText(`${member} member`)).toBeVisible();
	await page.getByRole('button', { name: `Remove ${member}` }).click();
	await expect(page.locator('main').getByRole('status')).toHaveText(
		`${member} is no longer a member.`
	);
	await memberPage.goto('/account');
	await expect(memberPage.getByText('No API plan yet.')).toBeVisible();
	await context.close();
});

test('without JavaScript, accepting and leaving a team shows the account as it now is, in the same answer', async ({
	page,
	browser,
	baseURL
}) => {
	const owner = await subscribeToTeam(page);
	const member = uniqueEmail('nojs-member');
	await inviteToTeam(page, member);

	// A form posted before (or without) hydration: the action's own answer renders the page.
	const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
	const memberPage = await context.newPage();
	await memberPage.goto(await linkFromMailbox(memberPage, member, /invited you/));
	await expect(memberPage.getByText('No API plan yet.')).toBeVisible();
	await memberPage.getByRole('button', { name: `Accept the invitation of ${owner}` }).click();
	await expect(memberPage.locator('main').getByRole('status')).toHaveText(/You joined the team/);
	await expect(memberPage.getByText('Team API (active), shared by your team.')).toBeVisible();
	await memberPage.getByRole('button', { name: `Leave ${owner}'s team` }).click();
	await expect(memberPage.locator('main').getByRole('status')).toHaveText(/You left the team/);
	await expect(memberPage.getByText('No API plan yet.')).toBeVisible();
	await context.close();
});

test('an invitee declines one invitation; a member leaves the team; the owner revokes an invitation', async ({
	page,
	browser,
	baseURL
}) => {
	const owner = await subscribeToTeam(page);

	const declining = uniqueEmail('declining');
	const leaving = uniqueEmail('leaving');
	const revoked = uniqueEmail('revoked');
	for (const email of [declining, leaving, revoked]) await inviteToTeam(page, email);
	await page.getByRole('button', { name: `Revoke the invitation of ${revoked}` }).click();
	await expect(page.locator('main').getByRole('status')).toHaveText(
		`The invitation of ${revoked} is revoked.`
	);

	const answer = async (email: string, button?: 'Accept' | 'Decline') => {
		const context = await browser.newContext({ baseURL });
		const invitee = await context.newPage();
		await invitee.goto(await linkFromMailbox(invitee, email, /invited you/));
		await expect(invitee).toHaveURL(/\/account$/);
		if (button)
			await invitee.getByRole('button', { name: `${button} the invitation of ${owner}` }).click();
		return { invitee, context };
	};
	const first = await answer(declining, 'Decline');
	await expect(first.invitee.locator('main').getByRole('status')).toHaveText(
		'Invitation declined.'
	);
	await expect(first.invitee.getByText('invited you to their team')).toHaveCount(0);
	await first.context.close();

	const second = await answer(leaving, 'Accept');
	await expect(second.invitee.getByText('Team API (active), shared by your team.')).toBeVisible();
	await second.invitee.getByRole('button', { name: `Leave ${owner}'s team` }).click();
	await expect(second.invitee.locator('main').getByRole('status')).toHaveText(/You left the team/);
	await expect(second.invitee.getByText('No API plan yet.')).toBeVisible();
	await second.context.close();

	const third = await answer(revoked);
	await expect(third.invitee.getByText('invited you to their team')).toHaveCount(0);
	await third.context.close();

	await page.reload();
	await expect(page.getByText('No members yet.')).toBeVisible();
});

for (const width of [390, 1280]) {
	test(`the sign-in page is axe-clean at ${width}px and explains a bad address`, async ({
		page
	}) => {
		await page.setViewportSize({ width, height: 900 });
		await gotoHydrated(page, '/sign-in');
		await expectNoViolations(page);
		await page.getByLabel('Email address').fill('not-an-address@');
		await page.getByLabel('Email address').evaluate((input) => input.removeAttribute('required'));
		await page.getByLabel('Email address').evaluate((input) => input.setAttribute('type', 'text'));
		await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
		await expect(page.getByRole('alert')).toHaveText('Enter a valid email address.');
		await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
		await expectNoViolations(page);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth > document.documentElement.clientWidth
		);
		expect(overflow).toBe(false);
	});
}

test.describe('with webhooks that never arrive', () => {
	const startOwnStack = useOwnStack();

	test('reconcile at start repairs a subscription whose webhook was lost', async ({
		browser,
		stack: { driver }
	}) => {
		test.setTimeout(2 * START_CEILING_MS + 120_000);
		const own = await startOwnStack({
			driver,
			name: 'nobs_e2e_mk_accounts_reconcile',
			deliverWebhooks: false
		});
		const context = await browser.newContext({ baseURL: own.origin });
		const page = await context.newPage();
		const email = uniqueEmail('lost-webhook');
		await signIn(page, email);
		// Asking to subscribe creates the account's Stripe customer; the subscription is then made
		// at Stripe directly, and no webhook tells the app.
		await page.request.post('/api/subscribe', {
			data: { items: [{ sku: 'api-pro-monthly', quantity: 1 }] }
		});
		const stripe = sandboxStripe(own.sandbox.stripeConfig.port);
		const [customer] = (await stripe.customers.list({ email })).data;
		const [price] = (await stripe.prices.list({ lookup_keys: ['api-pro-monthly'] })).data;
		if (!customer || !price) throw new Error('No customer or plan price at Stripe.');
		const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
		await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			default_payment_method: card.id
		});
		await page.goto('/account');
		await expect(page.getByText('No API plan yet.')).toBeVisible();

		await own.stopApp();
		await own.restartApp();
		await expect
			.poll(async () => {
				await page.goto('/account');
				return page.getByText('Pro API (active)').isVisible();
			})
			.toBe(true);
		await context.close();
	});
});
