import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { CARDS } from './checkout';

/** axe-core finds no violation on the page as it is now; the message names each one. */
export async function expectNoViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).analyze();
	const found = violations.map(
		(violation) =>
			`${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`
	);
	expect(found, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Pays on the sandbox's hosted Checkout page, which stands where checkout.stripe.com would. The
 * session is for the account's customer, so the page shows its email, read-only.
 */
export async function payOnHostedPage(
	page: Page,
	button: 'Start trial' | 'Subscribe',
	email: string,
	card: string = CARDS.succeeds
) {
	await expect(page.getByLabel('Email')).toHaveValue(email);
	await expect(page.getByLabel('Email')).toHaveAttribute('readonly', '');
	await page.getByLabel('Card number').fill(card);
	await page.getByLabel('Expiration date').fill('12 / 34');
	await page.getByLabel('Security code').fill('123');
	await page.getByLabel('Name on card').fill('Ada Lovelace');
	await page.getByRole('button', { name: button }).click();
}

/** True when the page is no wider than the window: nothing makes it scroll sideways. */
export async function expectNoSidewaysScroll(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth, `${page.url()} at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}
