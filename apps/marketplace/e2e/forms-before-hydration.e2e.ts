import { signIn, subscribeToTeam, uniqueEmail } from './support/accounts';
import { ADMIN_EMAIL } from './support/env';
import { buyWithApi, expect, test } from './support/fixtures';
import { fillBeforeHydration } from './support/hydration';

// Each form is filled in the server-rendered page before its scripts run, then sent once they have:
// hydration must keep what was typed or chosen (it used to reset `value={...}` fields).

test('sign-in: the address typed before hydration is the one the link goes to', async ({
	page
}) => {
	const email = uniqueEmail('early-sign-in');
	const field = page.getByLabel('Email address');
	await fillBeforeHydration(page, '/sign-in?next=%2Faccount', () => field.fill(email));
	await expect(field).toHaveValue(email);
	await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText(
		`We sent a sign-in link to ${email}`
	);
});

test('team invitation and API key: what the owner typed and chose before hydration is sent', async ({
	page
}) => {
	await subscribeToTeam(page);
	const member = uniqueEmail('early-member');
	const invite = page.getByLabel('Email address to invite');
	await fillBeforeHydration(page, '/account/team', () => invite.fill(member));
	await expect(invite).toHaveValue(member);
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText(
		`We emailed an invitation to ${member}.`
	);

	// The library's Billing.ApiKeys form, on the same plan: name and expiry.
	const keys = page.locator('[data-slot="billing-api-keys"]');
	await fillBeforeHydration(page, '/account/api', async () => {
		await keys.getByLabel('Name', { exact: true }).fill('Early key');
		await keys.getByLabel('Expires').selectOption({ label: 'Never' });
	});
	await expect(keys.getByLabel('Name', { exact: true })).toHaveValue('Early key');
	await keys.getByRole('button', { name: 'Create key' }).click();
	await keys.getByRole('button', { name: 'Done' }).click();
	const key = keys.locator('[data-slot="billing-api-key"]');
	await expect(key).toHaveCount(1);
	await expect(key.locator('strong')).toHaveText('Early key');
	await expect(key).toContainText('Expires: Never');
});

test('admin: the manual order, the customer search and the refund keep what was typed before hydration', async ({
	page,
	request,
	stripe
}) => {
	const bought = uniqueEmail('early-refund').toLowerCase();
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }],
		email: bought
	});
	await signIn(page, ADMIN_EMAIL, '/admin');

	const email = uniqueEmail('early-manual');
	await fillBeforeHydration(page, '/admin/customers/new', async () => {
		await page.getByLabel("Buyer's email").fill(email);
		await page.getByLabel('Bundle').selectOption('bundle-professional');
		await page.getByLabel('Amount paid (USD)').fill('450.00');
		await page.getByLabel(/^Note/).fill('Bank transfer, invoice 18');
	});
	await expect(page.getByLabel('Amount paid (USD)')).toHaveValue('450.00');
	await page.getByRole('button', { name: 'Record and fulfil' }).click();
	await expect(page.getByRole('heading', { level: 1, name: email })).toBeVisible();
	await expect(page.locator('main')).toContainText('$450.00');
	await expect(page.locator('main')).toContainText('Professional');

	const search = page.getByLabel('Email or name');
	await fillBeforeHydration(page, '/admin/customers', () => search.fill(bought));
	await expect(search).toHaveValue(bought);
	await page
		.getByRole('search', { name: 'Customers' })
		.getByRole('button', { name: 'Search' })
		.click();
	await expect(page.getByRole('status').filter({ hasText: '1 customer matching' })).toBeVisible();
	await page.getByRole('link', { name: bought }).click();
	await expect(page.getByRole('heading', { level: 1, name: bought })).toBeVisible();
	const customerUrl = new URL(page.url()).pathname;

	const card = page.getByTestId(`order-${order.orderId}`);
	await fillBeforeHydration(page, customerUrl, async () => {
		await card.getByLabel(/^Amount/).fill('50.00');
		await card.getByLabel('Reason').fill('Goodwill, typed early');
	});
	await card.getByRole('button', { name: 'Refund' }).click();
	await expect(page.getByTestId('action-message')).toContainText('Partial refund done');
	await expect(card).toContainText('Refunded $50.00 of $199.00');
	// After the refund the amount offers what is left, as the server now computes it.
	await expect(card.getByLabel(/^Amount/)).toHaveValue('149.00');
});

test('support: a ticket and a reply typed before hydration are sent as typed', async ({
	page,
	request,
	stripe
}) => {
	const buyer = uniqueEmail('early-ticket').toLowerCase();
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }],
		email: buyer
	});
	await signIn(page, buyer, '/account');
	const form = page.getByRole('form', { name: 'Ask for help' });
	await fillBeforeHydration(page, '/account', async () => {
		await form.getByLabel('Order').selectOption(order.orderId);
		await form.getByLabel('Subject').fill('Typed before hydration');
		await form.getByLabel('Message').fill('This message was typed before the scripts ran.');
	});
	await expect(form.getByLabel('Message')).toHaveValue(
		'This message was typed before the scripts ran.'
	);
	await form.getByRole('button', { name: 'Send request' }).click();
	await expect(page).toHaveURL(/\/support\/T-[A-Z2-9]{6}\?sent=ticket$/);
	await expect(page.getByText('Typed before hydration', { exact: true })).toBeVisible();
	await expect(page.getByText(order.orderId)).toBeVisible();
	await expect(page.getByText('This message was typed before the scripts ran.')).toBeVisible();

	const ticketUrl = new URL(page.url()).pathname;
	await fillBeforeHydration(page, ticketUrl, () =>
		page.getByLabel('Your reply').fill('A reply typed before the scripts ran.')
	);
	await page.getByRole('button', { name: 'Send reply' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText('Your reply was sent.');
	await expect(page.getByText('A reply typed before the scripts ran.')).toBeVisible();
});

test('the search box keeps what was typed before hydration', async ({ page }) => {
	const box = page.getByRole('searchbox', { name: 'Search products' });
	await fillBeforeHydration(page, '/', () => box.fill('bundle'));
	await expect(box).toHaveValue('bundle');
	await box.press('Enter');
	await expect(page).toHaveURL(/\/search\?q=bundle$/);
});
