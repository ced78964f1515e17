import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import BillingApiKeys from './billing-api-keys.svelte';
import BillingInvoices from './billing-invoices.svelte';
import BillingPaymentMethod from './billing-payment-method.svelte';
import BillingPaywall from './billing-paywall.svelte';
import BillingPlan from './billing-plan.svelte';
import BillingUsage from './billing-usage.svelte';
import { billingLabelsDe as labelsDe } from './test/labels-de.js';
import type { BillingSubscription } from './types.js';
import {
	apiKeys,
	days,
	invoices,
	meters,
	newKey,
	now,
	plans,
	subscriptions
} from './test/fixtures.js';

const button = (name: string | RegExp) => page.getByRole('button', { name });
const usd = (amount: number) => ({ amount, currency: 'usd' });

function planProps(subscription: BillingSubscription = subscriptions.active) {
	return {
		plans,
		subscription,
		now,
		locale: 'en-US',
		preview: vi.fn(async () => ({ today: usd(2400), then: usd(4900), interval: 'month' as const })),
		onChange: vi.fn(),
		onCancel: vi.fn(),
		onResume: vi.fn()
	};
}

describe('Billing.Plan', () => {
	it('offers each plan as the action it is for the customer', async () => {
		await render(BillingPlan, planProps(subscriptions.downgrading));
		await expect.element(page.getByRole('region', { name: 'Pro' })).toBeVisible();
		await expect.element(page.getByText('Active. Renews on Apr 1, 2026')).toBeVisible();
		await expect.element(page.getByText('Current plan')).toBeVisible();
		await expect.element(button('Switch to Pro, yearly')).toBeVisible();
		await expect.element(button('Upgrade to Team, monthly')).toBeVisible();
		await expect.element(page.getByText('Starts next period')).toBeVisible();
		await expect.element(button(/Starter/)).not.toBeInTheDocument();
	});

	it('shows the server preview and charges only after confirmation', async () => {
		const props = planProps();
		await render(BillingPlan, props);
		await button('Upgrade to Team, monthly').click();
		await expect.element(page.getByText('$24.00 today, then $49.00 per month')).toBeVisible();
		expect(props.preview).toHaveBeenCalledWith('team-monthly');
		expect(props.onChange).not.toHaveBeenCalled();
		await button('Confirm change').click();
		expect(props.onChange).toHaveBeenCalledWith('team-monthly');
		await expect.element(button('Upgrade to Team, monthly')).toBeVisible();
	});

	it('goes back without charging, and says when the preview fails', async () => {
		const props = planProps();
		props.preview.mockRejectedValueOnce(new Error('offline'));
		await render(BillingPlan, props);
		await button('Downgrade to Starter, monthly').click();
		await expect.element(page.getByRole('alert')).toHaveTextContent('Something went wrong');
		await expect.element(button('Confirm change')).toBeDisabled();
		await button('Back').click();
		expect(props.onChange).not.toHaveBeenCalled();
		await expect.element(button('Downgrade to Starter, monthly')).toBeVisible();
	});

	it('cancels at period end with an optional reason', async () => {
		const props = planProps();
		await render(BillingPlan, props);
		await button('Cancel plan').click();
		await page.getByRole('textbox', { name: /Why are you canceling/ }).fill('Too expensive');
		await button('Cancel at period end').click();
		expect(props.onCancel).toHaveBeenCalledWith({ reason: 'Too expensive' });
	});

	it('shows trial days left, the cancel date with a resume button, and past due', async () => {
		const props = planProps(subscriptions.trialing);
		const { rerender } = await render(BillingPlan, props);
		await expect.element(page.getByText('5 days left in your trial')).toBeVisible();

		await rerender({ subscription: subscriptions.canceling });
		await expect.element(page.getByText('Cancels on Apr 1, 2026')).toBeVisible();
		await expect.element(button('Cancel plan')).not.toBeInTheDocument();
		await button('Resume plan').click();
		expect(props.onResume).toHaveBeenCalled();

		await rerender({ subscription: subscriptions.pastDue });
		await expect.element(page.getByText('Payment past due')).toBeVisible();
	});
});

describe('Billing.Usage', () => {
	it('shows each meter and announces 80 % and 100 % in a live region', async () => {
		const { rerender } = await render(BillingUsage, {
			meters: [meters.normal, meters.seats],
			locale: 'en-US'
		});
		await expect
			.element(page.getByRole('meter', { name: 'API requests' }))
			.toHaveAttribute('value', '4200');
		await expect.element(page.getByText('4,200 of 10,000 used (42%)')).toBeVisible();
		await expect.element(page.getByRole('status')).toHaveTextContent('');

		await rerender({ meters: [meters.warning, meters.seats] });
		await expect
			.element(page.getByRole('status'))
			.toHaveTextContent('API requests: 80% of the limit used');
		await rerender({ meters: [meters.over, meters.seats] });
		await expect.element(page.getByRole('status')).toHaveTextContent('API requests: limit reached');
		await expect.element(page.getByText('10,000 included')).toBeVisible();
	});

	it('draws the daily chart as a labelled image with a table for screen readers', async () => {
		await render(BillingUsage, { meters: [meters.normal], days, locale: 'en-US' });
		const label = 'Daily usage from Mar 1, 2026 to Mar 4, 2026, peak 1,200';
		await expect.element(page.getByRole('img', { name: label })).toBeInTheDocument();
		// The bars are drawn: an SVG path (not an unknown HTML element) with a height.
		const path = page.getByRole('img', { name: label }).element().querySelector('path');
		expect(path).toBeInstanceOf(SVGPathElement);
		expect((path as SVGPathElement).getBBox().height).toBeGreaterThan(0);
		const table = page.getByRole('table', { name: label });
		await expect.element(table.getByRole('row')).toHaveLength(5);
		await expect.element(table.getByRole('row', { name: 'Mar 2, 2026 1,200' })).toBeInTheDocument();
	});
});

describe('Billing.Usage numbers', () => {
	const meter = (used: number) => ({ id: 'requests', name: 'API requests', used, included: 10000 });

	it('says 0% for no usage, at least 0.1% for some, and 100% only at the limit', async () => {
		const { rerender } = await render(BillingUsage, { meters: [meter(0)], locale: 'en-US' });
		const text = async (used: number, expected: string) => {
			await rerender({ meters: [meter(used)] });
			await expect.element(page.getByText(/ used \(/)).toHaveTextContent(expected);
		};
		await text(0, '0 of 10,000 used (0%)');
		await text(1, '1 of 10,000 used (0.1%)');
		await text(10, '10 of 10,000 used (0.1%)');
		await text(4250, '4,250 of 10,000 used (42.5%)');
		await text(9999, '9,999 of 10,000 used (99.9%)');
		await text(10000, '10,000 of 10,000 used (100%)');
	});

	it('says there is no usage yet instead of drawing an empty chart, in the given language', async () => {
		const quiet = days.map((day) => ({ ...day, quantity: 0 }));
		const { rerender } = await render(BillingUsage, {
			meters: [meter(0)],
			days: quiet,
			locale: 'en-US'
		});
		await expect.element(page.getByText('No usage yet in this period.')).toBeVisible();
		await expect.element(page.getByRole('img')).not.toBeInTheDocument();
		await expect.element(page.getByRole('table')).not.toBeInTheDocument();

		await rerender({ labels: labelsDe, locale: 'de-DE' });
		await expect.element(page.getByText('In diesem Zeitraum noch keine Nutzung.')).toBeVisible();

		await rerender({ days: quiet.map((day, index) => ({ ...day, quantity: index })) });
		await expect
			.element(page.getByText('In diesem Zeitraum noch keine Nutzung.'))
			.not.toBeInTheDocument();
		await expect.element(page.getByRole('img', { name: /Spitze 3$/ })).toBeInTheDocument();
	});
});

describe('Billing.Invoices', () => {
	it('lists invoices with links to the hosted page and the PDF, and loads more', async () => {
		const onLoadMore = vi.fn();
		await render(BillingInvoices, { invoices, hasMore: true, onLoadMore, locale: 'en-US' });
		const row = page.getByRole('row', { name: /NOBS-0002/ });
		await expect.element(row).toHaveTextContent('Mar 1, 2026NOBS-0002$19.00Open');
		await expect
			.element(page.getByRole('link', { name: 'View invoice NOBS-0002' }))
			.toHaveAttribute('href', 'https://invoice.stripe.com/i/in_2');
		await expect
			.element(page.getByRole('link', { name: 'Download PDF of invoice NOBS-0001' }))
			.toHaveAttribute('href', 'https://pay.stripe.com/invoice/in_1/pdf');
		await button('Load more').click();
		expect(onLoadMore).toHaveBeenCalled();
	});

	it('says when it is loading and when there are no invoices', async () => {
		const { rerender } = await render(BillingInvoices, { invoices: [], loading: true });
		await expect.element(page.getByRole('status')).toHaveTextContent('Loading…');
		await expect.element(page.getByText('No invoices yet.')).not.toBeInTheDocument();
		await rerender({ loading: false });
		await expect.element(page.getByText('No invoices yet.')).toBeVisible();
	});
});

describe('Billing.ApiKeys', () => {
	it('shows a new key once, with a warning and a copy button, then drops it', async () => {
		const onCreate = vi.fn(async () => newKey);
		const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
		await render(BillingApiKeys, { keys: apiKeys, onCreate, onRevoke: vi.fn(), locale: 'en-US' });
		await expect.element(page.getByText('nobs_live_…a1b2')).toBeVisible();
		await page.getByRole('textbox', { name: 'Name' }).fill('CI');
		await page.getByRole('combobox', { name: 'Expires' }).selectOptions('In 90 days');
		await button('Create key').click();
		expect(onCreate).toHaveBeenCalledWith({ name: 'CI', expiresInDays: 90 });
		await expect.element(page.getByRole('alert')).toHaveTextContent('It will not be shown again');
		await expect.element(page.getByText(newKey.secret)).toBeVisible();
		await button('Copy key').click();
		await expect.element(button('Copied')).toBeVisible();
		expect(writeText).toHaveBeenCalledWith(newKey.secret);
		await button('Done').click();
		await expect.element(page.getByText(newKey.secret)).not.toBeInTheDocument();
	});

	it('revokes only after confirmation, and rolls a key', async () => {
		const onRevoke = vi.fn();
		const onRoll = vi.fn(async () => newKey);
		await render(BillingApiKeys, { keys: apiKeys, onCreate: vi.fn(), onRevoke, onRoll });
		await button('Revoke Production').click();
		expect(onRevoke).not.toHaveBeenCalled();
		await expect
			.element(page.getByRole('alert'))
			.toHaveTextContent('Revoke Production? Requests using it will fail.');
		await button('Revoke Production').click();
		expect(onRevoke).toHaveBeenCalledWith('key_1');
		await button('Roll Production').click();
		expect(onRoll).toHaveBeenCalledWith('key_1');
		await expect.element(page.getByText(newKey.secret)).toBeVisible();
	});
});

describe('Billing.PaymentMethod', () => {
	it('shows the card, warns when it expires soon, and opens the portal', async () => {
		const onManage = vi.fn();
		const card = { brand: 'Visa', last4: '4242', expMonth: 4, expYear: 2026 };
		const { rerender } = await render(BillingPaymentMethod, { card, now, onManage });
		await expect.element(page.getByText('Visa ending in 4242')).toBeVisible();
		await expect.element(page.getByText('Expires 04/2026')).toBeVisible();
		await expect.element(page.getByText('Expires soon')).toBeVisible();
		await button('Manage billing').click();
		expect(onManage).toHaveBeenCalled();

		await rerender({ card: { ...card, expYear: 2030 } });
		await expect.element(page.getByText('Expires soon')).not.toBeInTheDocument();
	});

	it('asks to update the payment method when past due', async () => {
		const onManage = vi.fn();
		await render(BillingPaymentMethod, { card: null, pastDue: true, now, onManage });
		await expect.element(page.getByRole('alert')).toHaveTextContent('Your last payment failed');
		await button('Update payment method').click();
		expect(onManage).toHaveBeenCalled();
	});
});

describe('Billing.Paywall', () => {
	it('says the limit is reached and offers the upgrade that lifts it', async () => {
		const onUpgrade = vi.fn();
		await render(BillingPaywall, {
			meter: meters.atLimit,
			upgrade: plans[2]!,
			onUpgrade,
			locale: 'en-US'
		});
		await expect
			.element(page.getByText('You have used 10,000 of 10,000 API requests.'))
			.toBeVisible();
		await button('Upgrade to Team ($49.00 per month)').click();
		expect(onUpgrade).toHaveBeenCalledWith('team-monthly');
	});
});

// Keyboard: the confirmation step takes focus so a keyboard user continues from it.
describe('Billing.Plan keyboard', () => {
	it('moves focus into the confirmation step', async () => {
		await render(BillingPlan, planProps());
		await button('Upgrade to Team, monthly').click();
		await userEvent.keyboard('{Tab}');
		await expect.element(button('Confirm change')).toHaveFocus();
	});
});

// The parts re-render from data on every keystroke: the field must stay the same element.
describe('Billing text fields', () => {
	it('keep focus and every character while the customer types', async () => {
		await render(BillingPlan, planProps());
		await button('Cancel plan').click();
		const reason = page.getByRole('textbox', { name: /Why are you canceling/ });
		await reason.click();
		await userEvent.keyboard('Too slow');
		await expect.element(reason).toHaveValue('Too slow');
		await expect.element(reason).toHaveFocus();
	});

	it('keep the key name and the chosen expiry as typed and chosen', async () => {
		const onCreate = vi.fn(async () => newKey);
		await render(BillingApiKeys, { keys: [], onCreate, onRevoke: vi.fn() });
		const name = page.getByRole('textbox', { name: 'Name' });
		await name.click();
		await userEvent.keyboard('Deploy bot');
		await expect.element(name).toHaveFocus();
		await page.getByRole('combobox', { name: 'Expires' }).selectOptions('Never');
		await button('Create key').click();
		expect(onCreate).toHaveBeenCalledWith({ name: 'Deploy bot', expiresInDays: null });
	});
});
