import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import PricingRoot from './pricing-root.svelte';
import BoundIntervalHarness from './test/bound-interval-harness.svelte';
import { bundleCatalog, saasCatalog, yenCatalog } from './test/fixtures.js';
import { pricingLabelsDe } from './test/labels-de.js';
import OrphanTier from './test/orphan-tier.svelte';

const tier = (name: string) => page.getByRole('article', { name });
const radio = (name: string) => page.getByRole('radio', { name });

describe('Pricing interval switch', () => {
	it('is a labelled radio group driven by arrow keys', async () => {
		const onIntervalChange = vi.fn();
		await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US', onIntervalChange });
		await expect.element(page.getByRole('group', { name: 'Billing interval' })).toBeVisible();
		await expect.element(radio('Monthly')).toBeChecked();
		await expect.element(tier('Pro').getByText('$19', { exact: true })).toBeVisible();
		await expect.element(tier('Pro').getByText('per month')).toBeVisible();

		await userEvent.keyboard('{Tab}');
		await expect.element(radio('Monthly')).toHaveFocus();
		await userEvent.keyboard('{ArrowRight}');
		await expect.element(radio('Yearly')).toBeChecked();
		await expect.element(radio('Yearly')).toHaveFocus();
		await expect.element(tier('Pro').getByText('$190', { exact: true })).toBeVisible();
		await expect.element(tier('Pro').getByText('per year')).toBeVisible();
		expect(onIntervalChange).toHaveBeenLastCalledWith('year');

		await userEvent.keyboard('{ArrowLeft}');
		await expect.element(radio('Monthly')).toBeChecked();
		expect(onIntervalChange).toHaveBeenLastCalledWith('month');
	});

	it('shows the yearly saving on yearly prices only, as a percentage or an amount', async () => {
		const { rerender } = await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US' });
		await expect.element(page.getByText(/^Save/)).not.toBeInTheDocument();

		await radio('Yearly').click();
		// Pro: 12 × $19 − $190 = $38, 16.7 % of $228; Starter: 12 × $9 − $90 = $18, 16.7 % of $108.
		await expect.element(tier('Pro').getByText('Save 17%')).toBeVisible();

		await rerender({ saving: 'amount', interval: 'year' });
		await expect.element(tier('Pro').getByText('$38 off')).toBeVisible();
		await expect.element(tier('Starter').getByText('$18 off')).toBeVisible();
	});

	it('follows a bound interval both ways', async () => {
		await render(BoundIntervalHarness);
		await expect.element(radio('Yearly')).toBeChecked();

		await page.getByRole('button', { name: 'Show monthly prices' }).click();
		await expect.element(radio('Monthly')).toBeChecked();

		await radio('Yearly').click();
		await expect.element(page.getByTestId('page-interval')).toHaveTextContent('page: year');
	});

	it('is left out when the catalog sells one-time bundles only', async () => {
		await render(PricingRoot, { catalog: bundleCatalog, locale: 'en-US' });
		await expect.element(page.getByRole('radiogroup')).not.toBeInTheDocument();
		await expect.element(page.getByRole('radio')).not.toBeInTheDocument();
		await expect.element(tier('Icon pack').getByText('$49', { exact: true })).toBeVisible();
		await expect.element(tier('Icon pack').getByText('one-time')).toBeVisible();
	});
});

describe('Pricing tiers', () => {
	it('reports the chosen price and its product to onSelect', async () => {
		const onSelect = vi.fn();
		await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US', onSelect });
		await radio('Yearly').click();
		await tier('Pro').getByRole('button', { name: 'Choose Pro' }).click();

		expect(onSelect).toHaveBeenCalledOnce();
		const [price, product] = onSelect.mock.calls[0]!;
		expect(price).toMatchObject({ sku: 'pro-yearly', unitAmount: 19000, currency: 'usd' });
		expect(product).toMatchObject({ id: 'pro', name: 'Pro' });
	});

	it('marks the highlighted tier with a text badge and shows the trial', async () => {
		await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US' });
		await expect.element(tier('Pro').getByText('Most popular')).toBeVisible();
		await expect.element(tier('Pro').getByText('14-day free trial')).toBeVisible();
		await expect.element(tier('Starter').getByText('Most popular')).not.toBeInTheDocument();
		await expect.element(tier('Starter').getByText('free trial')).not.toBeInTheDocument();
		await expect.element(tier('Pro').getByRole('listitem')).toHaveLength(3);
	});

	it('shows the current plan as text, not a button, for that exact price', async () => {
		const onSelect = vi.fn();
		await render(PricingRoot, {
			catalog: saasCatalog,
			locale: 'en-US',
			currentPlan: 'pro-monthly',
			onSelect
		});
		await expect.element(tier('Pro').getByText('Current plan')).toBeVisible();
		await expect.element(tier('Pro').getByRole('button')).not.toBeInTheDocument();
		await tier('Pro').getByText('Current plan').click();
		expect(onSelect).not.toHaveBeenCalled();
		await expect
			.element(tier('Starter').getByRole('button', { name: 'Choose Starter' }))
			.toBeVisible();

		// Switching to yearly is a different price, so it can be chosen.
		await radio('Yearly').click();
		await expect.element(tier('Pro').getByRole('button', { name: 'Choose Pro' })).toBeVisible();
	});

	it('treats a product id as the current plan at every interval', async () => {
		await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US', currentPlan: 'starter' });
		await expect.element(tier('Starter').getByText('Current plan')).toBeVisible();
		await radio('Yearly').click();
		await expect.element(tier('Starter').getByText('Current plan')).toBeVisible();
	});

	it('links a contact-only tier to sales instead of selling it', async () => {
		await render(PricingRoot, { catalog: saasCatalog, locale: 'en-US' });
		const contact = tier('Enterprise').getByRole('link', { name: 'Contact sales' });
		await expect.element(contact).toHaveAttribute('href', 'mailto:sales@example.com');
		await expect.element(tier('Enterprise').getByText('Custom')).toBeVisible();
		await expect.element(tier('Enterprise').getByRole('button')).not.toBeInTheDocument();
	});

	it('formats zero-decimal yen without minor digits', async () => {
		await render(PricingRoot, { catalog: yenCatalog, locale: 'ja-JP', saving: 'amount' });
		await expect.element(tier('Team').getByText('￥980')).toBeVisible();
		await radio('Yearly').click();
		await expect.element(tier('Team').getByText('￥9,800')).toBeVisible();
		await expect.element(tier('Team').getByText('￥1,960 off')).toBeVisible();
	});

	it('throws a helpful error when a tier is used outside Pricing.Root', async () => {
		await expect(render(OrphanTier)).rejects.toThrow(
			'<Pricing.Tier> must be used inside <Pricing.Root>'
		);
	});
});

describe('Pricing labels', () => {
	it('renders the switch, cadences, savings, trials and buttons in the language of `labels`', async () => {
		await render(PricingRoot, {
			catalog: saasCatalog,
			locale: 'de-DE',
			currentPlan: 'starter',
			labels: pricingLabelsDe
		});
		await expect.element(page.getByRole('group', { name: 'Abrechnungszeitraum' })).toBeVisible();
		await radio('Jährlich').click();
		await expect.element(tier('Pro').getByText('pro Jahr')).toBeVisible();
		await expect.element(tier('Pro').getByText('17 % sparen')).toBeVisible();
		await expect.element(tier('Pro').getByText('14 Tage kostenlos testen')).toBeVisible();
		await expect.element(tier('Pro').getByRole('button', { name: 'Pro wählen' })).toBeVisible();
		await expect.element(tier('Starter').getByText('Aktueller Tarif')).toBeVisible();
		await expect.element(tier('Enterprise').getByText('Individuell')).toBeVisible();
	});
});
