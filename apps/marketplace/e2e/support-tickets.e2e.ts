import type { Page } from '@playwright/test';
import { signIn, uniqueEmail } from './support/accounts';
import { ADMIN_EMAIL } from './support/env';
import { gotoHydrated } from './support/checkout';
import { buyWithApi, expect, mailboxSchema, test } from './support/fixtures';
import { expectNoViolations } from './support/pages';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** The ticket link in the newest mail to `to` whose subject matches, from the dev mailbox. */
async function ticketLinkFromMailbox(page: Page, to: string, subject: RegExp): Promise<string> {
	let link = '';
	await expect
		.poll(async () => {
			const body = await (await page.request.get('/dev/mail.json')).json();
			const message = mailboxSchema
				.parse(body)
				.messages.find((candidate) => candidate.to === to && subject.test(candidate.subject));
			link = message?.text.match(/https?:\/\/\S+\/support\/link\/[A-Za-z0-9_-]{43}/)?.[0] ?? '';
			return link;
		})
		.not.toBe('');
	return link;
}

/** Neither the phone nor the desktop layout scrolls sideways. */
async function expectNoSideScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('a buyer asks for help from the order page, the admin answers, the buyer replies by the mailed link, the admin closes', async ({
	page,
	browser,
	baseURL,
	request,
	stripe
}) => {
	const buyer = uniqueEmail('ticket-buyer').toLowerCase();
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }],
		email: buyer
	});

	// The buyer, on a phone, writes from the order page; a too-short message is refused first.
	await page.setViewportSize(PHONE);
	await page.goto(order.orderUrl);
	const help = page.getByRole('form', { name: 'Need help with this order?' });
	await help.getByLabel('Subject').fill('Key not accepted');
	await help.getByLabel('Message').fill('Help');
	await help.getByRole('button', { name: 'Send request' }).click();
	await expect(page.getByText('Write at least 10 characters')).toBeVisible();
	await expect(help.getByLabel('Message')).toHaveAttribute('aria-invalid', 'true');
	await expect(help.getByLabel('Subject')).toHaveValue('Key not accepted');
	await help.getByLabel('Message').fill('My IDE says the license key is not valid.');
	await help.getByRole('button', { name: 'Send request' }).click();

	await expect(page).toHaveURL(/\/support\/link\/[A-Za-z0-9_-]{43}\?sent=ticket$/);
	const heading = page.getByRole('heading', { level: 1, name: /^Request T-[A-Z2-9]{6}$/ });
	await expect(heading).toBeVisible();
	const reference = ((await heading.textContent()) ?? '').replace('Request ', '').trim();
	await expect(page.locator('main').getByRole('status')).toContainText(
		`Its reference is ${reference}`
	);
	await expect(page.getByText('My IDE says the license key is not valid.')).toBeVisible();
	await expectNoViolations(page);
	await expectNoSideScroll(page);

	// The acknowledgement carries a link; the reference alone opens nothing.
	const ackLink = await ticketLinkFromMailbox(
		page,
		buyer,
		new RegExp(`\\[${reference}\\] We received`)
	);
	const byReference = await request.get(`/support/${reference}`, { maxRedirects: 0 });
	expect(byReference.status()).toBe(303);
	expect(byReference.headers().location).toMatch(/^\/sign-in\?next=/);

	// The admin, on a desktop, finds it among the open tickets and answers.
	const adminContext = await browser.newContext({ baseURL, viewport: DESKTOP });
	const admin = await adminContext.newPage();
	await signIn(admin, ADMIN_EMAIL, '/admin/tickets');
	await expect(admin).toHaveURL(/\/admin\/tickets$/);
	const row = admin.getByRole('row').filter({ hasText: reference });
	await expect(row).toContainText(buyer);
	await expect(row).toContainText('Not answered yet');
	await expectNoViolations(admin);
	await row.getByRole('link', { name: reference }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText(
		`${reference}: Key not accepted`
	);
	await expect(admin.getByText(order.orderId)).toBeVisible();
	await admin
		.getByLabel('Answer to the customer (sent by email)')
		.fill('Please paste the whole key, including the NOBS- prefix.');
	await admin.getByRole('button', { name: 'Send answer' }).click();
	await expect(admin.locator('main').getByRole('status')).toContainText('Your answer was emailed');
	await expect(admin.getByText('Waiting on customer', { exact: true })).toBeVisible();
	await expect(admin.getByText(/^after /)).toBeVisible();
	await expectNoViolations(admin);

	// The buyer reads the answer by the link in its mail (not the acknowledgement's) and replies.
	const answerLink = await ticketLinkFromMailbox(page, buyer, new RegExp(`\\[${reference}\\] Re:`));
	expect(answerLink).not.toBe(ackLink);
	await page.goto(answerLink);
	await expect(
		page.getByText('Please paste the whole key, including the NOBS- prefix.')
	).toBeVisible();
	await expect(page.getByText('Answered: waiting for your reply')).toBeVisible();
	await page.getByLabel('Your reply').fill('That was it, it works now. Thank you!');
	await page.getByRole('button', { name: 'Send reply' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText('Your reply was sent.');
	await expect(page.getByText('Open: we will answer soon')).toBeVisible();
	await expectNoViolations(page);
	await expectNoSideScroll(page);

	// The reply reopened the ticket; the admin closes it, and both steps are in the audit log.
	await gotoHydrated(admin, `/admin/tickets/${reference}`);
	await expect(admin.getByText('That was it, it works now. Thank you!')).toBeVisible();
	await expect(admin.getByText('Open', { exact: true })).toBeVisible();
	await admin.getByRole('button', { name: 'Close ticket' }).click();
	await expect(admin.locator('main').getByRole('status')).toContainText('The ticket is closed.');
	await expect(admin.getByRole('button', { name: 'Reopen ticket' })).toBeVisible();
	await admin.goto('/admin/tickets?status=closed');
	await expect(admin.getByRole('row').filter({ hasText: reference })).toBeVisible();
	await admin.goto('/admin/audit');
	const audited = admin.getByRole('row').filter({ hasText: reference });
	await expect(audited.filter({ hasText: 'ticket.reply' })).toHaveCount(1);
	await expect(audited.filter({ hasText: 'ticket.close' })).toHaveCount(1);

	// The admin pages at phone width too.
	await admin.setViewportSize(PHONE);
	await admin.goto(`/admin/tickets/${reference}`);
	await expectNoViolations(admin);
	await expectNoSideScroll(admin);
	await adminContext.close();
});

test('a signed-in buyer asks about one of their orders from the account; another account cannot open the ticket', async ({
	page,
	browser,
	baseURL,
	request,
	stripe
}) => {
	const buyer = uniqueEmail('account-ticket').toLowerCase();
	const order = await buyWithApi(request, stripe, {
		items: [{ sku: 'bundle-starter', quantity: 1 }],
		email: buyer
	});
	await signIn(page, buyer, '/account');
	await expect(page).toHaveURL(/\/account$/);
	const form = page.getByRole('form', { name: 'Ask for help' });
	await form.getByLabel('Order').selectOption(order.orderId);
	await form.getByLabel('Subject').fill('Invoice with my VAT id');
	await form.getByLabel('Message').fill('Please add my VAT id FR12345678901 to the invoice.');
	await form.getByRole('button', { name: 'Send request' }).click();

	await expect(page).toHaveURL(/\/support\/T-[A-Z2-9]{6}\?sent=ticket$/);
	const reference = new URL(page.url()).pathname.split('/').pop() ?? '';
	await expect(page.locator('main').getByRole('status')).toContainText(reference);
	await expect(page.getByText(order.orderId)).toBeVisible();
	await expectNoViolations(page);

	await gotoHydrated(page, '/account');
	await expect(page.getByRole('row').filter({ hasText: reference })).toContainText(
		'Open: we will answer soon'
	);
	await expectNoViolations(page);

	// An order id that is not the account's is refused, whatever the form is made to send.
	const forged = await page.request.post('/account?/ticket', {
		form: { subject: 'Forged', message: 'This order is not mine at all.', order: 'ord_notmine123' },
		headers: { origin: baseURL ?? '', accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(400);
	expect(await forged.text()).toContain('Choose one of your orders.');
	await page.reload();
	await expect(page.getByRole('row').filter({ hasText: 'Forged' })).toHaveCount(0);

	// Another signed-in account gets the same 404 as for a reference that does not exist.
	const strangerContext = await browser.newContext({ baseURL });
	const stranger = await strangerContext.newPage();
	await signIn(stranger, uniqueEmail('stranger'), '/account');
	expect((await stranger.goto(`/support/${reference}`))?.status()).toBe(404);
	expect((await stranger.goto('/support/T-ZZZZZZ'))?.status()).toBe(404);
	await strangerContext.close();
});
