import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import CheckoutDemo from './test/checkout-demo.svelte';
import { checkoutLabelsDe } from './test/labels-de.js';

// The checkout's own texts only: Stripe's elements follow Stripe's `locale` option. A small fake
// Stripe is enough here, as nothing below depends on how Stripe confirms.
describe('Checkout labels', () => {
	it('renders the button, status and its own errors in the language of `labels`', async () => {
		await render(CheckoutDemo, {
			amount: 49900,
			serverAmount: 52900,
			locale: 'de-DE',
			labels: checkoutLabelsDe
		});
		const pay = page.getByRole('button', { name: '499,00 $ bezahlen' });
		await expect.element(pay).toBeEnabled();

		await pay.click();
		await expect
			.element(page.getByRole('alert'))
			.toHaveTextContent(
				'Der Gesamtbetrag hat sich geändert. Prüfen Sie ihn und zahlen Sie erneut.'
			);

		await page.getByRole('button', { name: '529,00 $ bezahlen' }).click();
		await expect
			.element(page.getByRole('status'))
			.toHaveTextContent('Zahlung erfolgreich. Vielen Dank!');
	});

	it('keeps English for the labels an app leaves out', async () => {
		await render(CheckoutDemo, { labels: { succeeded: 'Merci !' } });
		await page.getByRole('button', { name: 'Pay $499.00' }).click();
		await expect.element(page.getByRole('status')).toHaveTextContent('Merci !');
	});
});
