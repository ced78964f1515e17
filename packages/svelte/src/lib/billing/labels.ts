import { formatMoney, type Money } from '../money/index.js';
import type { BillingLabels } from './types.js';

const per = { day: 'per day', week: 'per week', month: 'per month', year: 'per year' };

export const defaultBillingLabels: BillingLabels = {
	status: {
		trialing: 'Trial',
		active: 'Active',
		past_due: 'Payment past due',
		canceled: 'Canceled',
		unpaid: 'Unpaid',
		incomplete: 'Incomplete'
	},
	trialDaysLeft: (days) => `${days} ${days === 1 ? 'day' : 'days'} left in your trial`,
	renewsOn: (date) => `Renews on ${date}`,
	cancelsOn: (date) => `Cancels on ${date}`,
	action: {
		upgrade: (plan) => `Upgrade to ${plan}`,
		downgrade: (plan) => `Downgrade to ${plan}`,
		switch: (plan) => `Switch to ${plan}`
	},
	every: { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' },
	current: 'Current plan',
	scheduled: 'Starts next period',
	per,
	previewLoading: 'Calculating the price…',
	preview: (today, then, per) => `${today} today, then ${then} ${per}`,
	confirm: 'Confirm change',
	back: 'Back',
	cancelPlan: 'Cancel plan',
	cancelReason: 'Why are you canceling? (optional)',
	confirmCancel: 'Cancel at period end',
	keepPlan: 'Keep plan',
	resume: 'Resume plan',
	error: 'Something went wrong. Please try again.',
	usedOf: (used, limit) => `${used} of ${limit} used`,
	included: (included) => `${included} included`,
	usageAlert: (meter, percent) =>
		percent >= 100 ? `${meter}: limit reached` : `${meter}: ${percent}% of the limit used`,
	chart: (from, to, peak) => `Daily usage from ${from} to ${to}, peak ${peak}`,
	noUsage: 'No usage yet in this period.',
	date: 'Date',
	quantity: 'Usage',
	invoices: 'Invoices',
	number: 'Number',
	amount: 'Amount',
	statusColumn: 'Status',
	view: 'View',
	pdf: 'PDF',
	invoiceStatus: {
		draft: 'Draft',
		open: 'Open',
		paid: 'Paid',
		void: 'Void',
		uncollectible: 'Uncollectible'
	},
	viewInvoice: (number) => `View invoice ${number}`,
	downloadPdf: (number) => `Download PDF of invoice ${number}`,
	loading: 'Loading…',
	noInvoices: 'No invoices yet.',
	loadMore: 'Load more',
	apiKeys: 'API keys',
	name: 'Name',
	key: 'Key',
	created: 'Created',
	lastUsed: 'Last used',
	expires: 'Expires',
	never: 'Never',
	createKey: 'Create key',
	expiresIn: 'Expires',
	expiryDays: (days) => `In ${days} days`,
	newKeyWarning: 'Copy this key now. It will not be shown again.',
	copy: 'Copy key',
	copied: 'Copied',
	done: 'Done',
	roll: (name) => `Roll ${name}`,
	revoke: (name) => `Revoke ${name}`,
	confirmRevoke: (name) => `Revoke ${name}? Requests using it will fail.`,
	noKeys: 'No API keys yet.',
	card: (brand, last4) => `${brand} ending in ${last4}`,
	cardExpires: (date) => `Expires ${date}`,
	expiresSoon: 'Expires soon',
	noCard: 'No payment method on file.',
	manage: 'Manage billing',
	pastDue: 'Your last payment failed. Update your payment method to keep your plan.',
	updatePaymentMethod: 'Update payment method',
	atLimit: (used, limit, meter) => `You have used ${used} of ${limit} ${meter}.`,
	upgradeTo: (plan, price) => `Upgrade to ${plan} (${price})`
};

/** Labels and formatters for one part, from its `labels` and `locale` props. */
export function texts(get: () => { labels?: Partial<BillingLabels>; locale?: string }) {
	return {
		get labels(): BillingLabels {
			return { ...defaultBillingLabels, ...get().labels };
		},
		date: (date: Date) =>
			date.toLocaleDateString(get().locale, { dateStyle: 'medium', timeZone: 'UTC' }),
		number: (value: number) => value.toLocaleString(get().locale),
		/**
		 * `used` of `limit` as a percentage rounded down to a tenth, but never 0 once anything is
		 * used: 0 is "0%", 1 of 10,000 "0.1%", 9,999 of 10,000 "99.9%" (never "100%" short of it).
		 */
		percent: (used: number, limit: number) =>
			(limit > 0
				? Math.max(used > 0 ? 1 : 0, Math.floor((used * 1000) / limit)) / 1000
				: 1
			).toLocaleString(get().locale, { style: 'percent', maximumFractionDigits: 1 }),
		money: (value: Money) => formatMoney(value, { locale: get().locale })
	};
}
