import { expect, type Page } from '@playwright/test';
import { hydrationMark } from './hydration';

export const CARDS = {
	succeeds: '4242 4242 4242 4242',
	declined: '4000 0000 0000 0002',
	authenticates: '4000 0027 6000 3184',
	/** Attaches, then every later charge fails (Stripe's `pm_card_chargeCustomerFail`). */
	failsLater: '4000 0000 0000 0341'
} as const;

/**
 * Opens a page and waits until Svelte has hydrated it: until then buttons and the search box are
 * server-rendered HTML without handlers, and a click would do nothing. The cart marks itself
 * `data-hydrated` once it has read the stored cart, which happens in the first effect.
 */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await expect(hydrationMark(page)).toBeAttached();
}

/** Puts one Professional bundle in the cart from its product page. */
export async function addProfessionalBundle(page: Page): Promise<void> {
	await gotoHydrated(page, '/products/bundle-professional');
	await page.getByRole('button', { name: 'Add to cart: Professional bundle' }).click();
	await expect(page.getByRole('button', { name: /Cart, 1 item/ })).toBeVisible();
}

/**
 * Fills the checkout form: the email on the page, the card in the payment Element's iframe
 * (served by the sandbox's Stripe.js stand-in, labelled like Stripe's own fields).
 */
export async function fillPayment(
	page: Page,
	card: string,
	email = 'buyer@example.com'
): Promise<void> {
	await page.getByLabel('Email for the receipt').fill(email);
	const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
	await frame.getByLabel('Card number').fill(card);
	await frame.getByLabel(/Expir/).fill('12 / 34');
	await frame.getByLabel(/CVC|Security/).fill('123');
}

export const payButton = (page: Page) => page.getByRole('button', { name: /^Pay \$/ });

/** The order page after a successful payment, once the webhook has fulfilled the order. */
export async function expectFulfilledOrderPage(page: Page): Promise<string> {
	await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9_-]{43}$/, { timeout: 120_000 });
	await expect(page.getByText('Payment received. Your downloads are ready.')).toBeVisible({
		timeout: 120_000
	});
	const licenseKey = page.getByTestId('license-key');
	await expect(licenseKey).toHaveText(/^NOBS-/);
	return (await licenseKey.textContent()) ?? '';
}
