import { expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
// The default theme, as an app that follows the docs imports it.
import '../styles.css';
import BillingInvoices from './billing-invoices.svelte';
import { invoices } from './test/fixtures.js';

it('fits the invoices table in a phone-wide column: nothing scrolls sideways, "Load more" keeps the card width', async () => {
	const { container } = await render(BillingInvoices, {
		invoices,
		hasMore: true,
		onLoadMore: () => {},
		locale: 'en-US'
	});
	// 390 px of phone, less the page's and the card's padding.
	container.style.width = '350px';
	const section = container.querySelector<HTMLElement>('[data-slot="billing-invoices"]');
	const button = section?.querySelector('button');
	expect(section && button).toBeTruthy();
	expect(section!.scrollWidth).toBeLessThanOrEqual(section!.clientWidth);
	expect(button!.getBoundingClientRect().right).toBeLessThanOrEqual(
		section!.getBoundingClientRect().right
	);
});
