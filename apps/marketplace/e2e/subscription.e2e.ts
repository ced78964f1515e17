import { expect, test } from './support/fixtures';
import { gotoHydrated } from './support/checkout';

test('a plan’s call to action asks a signed-out visitor to sign in, then returns to that plan', async ({
	page
}) => {
	await gotoHydrated(page, '/');
	await page.getByRole('radio', { name: 'Yearly' }).check();
	await expect(page.getByText('$990')).toBeVisible();
	await page.getByRole('button', { name: 'Choose Pro API' }).click();

	// The whole purchase, signed in, is in accounts.e2e.ts.
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fsubscribe%2Fapi-pro-yearly$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('an API plan’s product page renders its plan table on the server and subscribes once hydrated', async ({
	page,
	request
}) => {
	// The table is fetched only for plan pages (see products/[id]/+page.ts), yet is in the HTML.
	const html = await (await request.get('/products/api-pro')).text();
	expect(html).toContain('data-slot="pricing-tier"');

	await gotoHydrated(page, '/products/api-pro');
	await page.getByRole('radio', { name: 'Yearly' }).check();
	await expect(page.getByText('$990')).toBeVisible();
	await page.getByRole('button', { name: 'Choose Pro API' }).click();
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fsubscribe%2Fapi-pro-yearly$/);
});

test('the subscription page does not thank a shopper for a session that does not exist', async ({
	page
}) => {
	await page.goto('/subscribed?session_id=cs_test_doesnotexist');
	await expect(
		page.getByRole('heading', { name: 'We could not find this subscription' })
	).toBeVisible();
});
