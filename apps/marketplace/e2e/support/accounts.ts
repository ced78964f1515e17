import { expect, type Page } from '@playwright/test';
import { mailboxSchema } from './fixtures';
import { payOnHostedPage } from './pages';

/** A fresh address per test, so parallel tests and both projects never share an account. */
export const uniqueEmail = (label: string) => `${label}-${crypto.randomUUID()}@example.com`;

/** The newest link in a message to `email` whose subject matches, from the development mailbox. */
export async function linkFromMailbox(page: Page, email: string, subject: RegExp): Promise<string> {
	let link = '';
	await expect
		.poll(async () => {
			const body = await (await page.request.get('/dev/mail.json')).json();
			const message = mailboxSchema
				.parse(body)
				.messages.find((candidate) => candidate.to === email && subject.test(candidate.subject));
			link = message?.text.match(/https?:\/\/\S+\/api\/auth\/magic-link\/verify\S+/)?.[0] ?? '';
			return link;
		})
		.not.toBe('');
	return link;
}

/**
 * Signs in through `/sign-in` as a person would: asks for the link, opens it from the development
 * mailbox. Ends on the page the sign-in returns to.
 */
export async function signIn(page: Page, email: string, next = '/account') {
	if (!new URL(page.url(), 'http://x').pathname.startsWith('/sign-in')) {
		await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
	}
	await page.getByLabel('Email address').fill(email);
	await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText(
		`We sent a sign-in link to ${email}`
	);
	await page.goto(await linkFromMailbox(page, email, /sign-in link/));
}

/** Signs a new owner in and subscribes them to the Team plan; answers their address. */
export async function subscribeToTeam(page: Page): Promise<string> {
	const owner = uniqueEmail('owner');
	await signIn(page, owner);
	const { url } = await (
		await page.request.post('/api/subscribe', {
			data: { items: [{ sku: 'api-team-monthly', quantity: 1 }] }
		})
	).json();
	await page.goto(url);
	await payOnHostedPage(page, 'Subscribe', owner);
	await expect(page.getByRole('heading', { name: 'Thank you for subscribing' })).toBeVisible();
	return owner;
}

/**
 * Invites `email` to the signed-in owner's team from `/account/team`, as the owner does; ends once
 * the page says the invitation went out.
 */
export async function inviteToTeam(page: Page, email: string) {
	if (new URL(page.url()).pathname !== '/account/team') await page.goto('/account/team');
	await page.getByLabel('Email address to invite').fill(email);
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.locator('main').getByRole('status')).toContainText(
		`We emailed an invitation to ${email}.`
	);
}
