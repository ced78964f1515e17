import type { Snippet } from 'svelte';
import type { HTMLAttributes } from 'svelte/elements';
import type { Money } from '../money/index.js';
import type { BillingInterval } from '../pricing/catalog.js';

/** A plan the customer can be on. Plain data: map your catalog or Stripe prices to it. */
export interface BillingPlanOption {
	/** Your plan (or price) id, handed back to `preview` and `onChange`. */
	id: string;
	name: string;
	price: Money;
	interval: BillingInterval;
	/** Order of the tiers (Pro 1, Team 2...): a higher rank is an upgrade. Same rank, other interval: a switch. */
	rank: number;
}

/** Stripe's subscription statuses that a customer sees. */
export type BillingStatus =
	'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';

/** The customer's subscription, as your server's projection gives it. */
export interface BillingSubscription {
	planId: string;
	status: BillingStatus;
	/** End of the paid period: renewal date, or the end date when it cancels at period end. */
	periodEnd?: Date;
	/** Set when the subscription is scheduled to end (cancel at period end or on a date). */
	cancelAt?: Date | null;
	trialEnd?: Date | null;
	/** A plan change scheduled for the next period (a downgrade, typically). */
	scheduledPlanId?: string | null;
}

/** What `Billing.Plan` offers for each plan. */
export type BillingPlanAction = 'current' | 'scheduled' | 'upgrade' | 'downgrade' | 'switch';

/** The server's preview of a change, from `previewPlanChange`. Nothing is charged by a preview. */
export interface BillingPreview {
	today: Money;
	then: Money;
	interval?: BillingInterval | null;
}

/** One limit of the plan and what was used of it this period. */
export interface BillingMeter {
	id: string;
	/** "API requests". */
	name: string;
	used: number;
	/** Units in the plan's price; usage above it is billed or blocked. */
	included: number;
	/** Hard limit; the included units when absent. */
	limit?: number;
}

/** Usage on one day, as `usageByDay` answers it. */
export interface BillingUsageDay {
	/** `YYYY-MM-DD` (UTC). */
	day: string;
	quantity: number;
}

export type BillingInvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export interface BillingInvoice {
	id: string;
	number: string | null;
	date: Date;
	amount: Money;
	status: BillingInvoiceStatus;
	/** Stripe's `hosted_invoice_url`. */
	hostedUrl?: string | null;
	/** Stripe's `invoice_pdf`. */
	pdfUrl?: string | null;
}

/** An API key as listed: never its secret. */
export interface BillingApiKey {
	id: string;
	name: string;
	/** The first characters ("nobs_live_"). */
	start: string;
	last4: string;
	created: Date;
	lastUsed?: Date | null;
	expires?: Date | null;
}

/** What creating or rolling a key answers: the listed key and its secret, shown once. */
export interface BillingNewApiKey {
	key: BillingApiKey;
	secret: string;
}

export interface BillingCard {
	/** "visa", "mastercard"... */
	brand: string;
	last4: string;
	expMonth: number;
	expYear: number;
}

/** Every text the billing parts render, so an app can translate them. */
export interface BillingLabels {
	status: Record<BillingStatus, string>;
	trialDaysLeft: (days: number) => string;
	renewsOn: (date: string) => string;
	cancelsOn: (date: string) => string;
	/**
	 * Button per plan; `plan` is the plan's name and its interval ("Team, yearly", see `every`), so
	 * every button's name is unique when a plan comes monthly and yearly.
	 */
	action: Record<Exclude<BillingPlanAction, 'current' | 'scheduled'>, (plan: string) => string>;
	/** An interval as a word, after the plan's name in `action`: "monthly", "yearly". */
	every: Record<BillingInterval, string>;
	current: string;
	scheduled: string;
	per: Record<BillingInterval, string>;
	previewLoading: string;
	/** "$12.00 today, then $49.00 per month". */
	preview: (today: string, then: string, per: string) => string;
	confirm: string;
	back: string;
	cancelPlan: string;
	cancelReason: string;
	confirmCancel: string;
	keepPlan: string;
	resume: string;
	error: string;
	usedOf: (used: string, limit: string) => string;
	included: (included: string) => string;
	/** Announced when a meter reaches 80 % (`percent` 80) and 100 %. */
	usageAlert: (meter: string, percent: number) => string;
	/** The chart's summary; `peak` is the busiest day's usage (0 when every day is 0). */
	chart: (from: string, to: string, peak: string) => string;
	/** Shown instead of the chart while every day of the period is 0. */
	noUsage: string;
	date: string;
	quantity: string;
	invoices: string;
	number: string;
	amount: string;
	statusColumn: string;
	invoiceStatus: Record<BillingInvoiceStatus, string>;
	/** Link texts; their accessible names are `viewInvoice` and `downloadPdf`, which contain them. */
	view: string;
	pdf: string;
	viewInvoice: (number: string) => string;
	downloadPdf: (number: string) => string;
	loading: string;
	noInvoices: string;
	loadMore: string;
	apiKeys: string;
	name: string;
	key: string;
	created: string;
	lastUsed: string;
	expires: string;
	never: string;
	createKey: string;
	expiresIn: string;
	expiryDays: (days: number) => string;
	newKeyWarning: string;
	copy: string;
	copied: string;
	done: string;
	roll: (name: string) => string;
	revoke: (name: string) => string;
	confirmRevoke: (name: string) => string;
	noKeys: string;
	card: (brand: string, last4: string) => string;
	cardExpires: (date: string) => string;
	expiresSoon: string;
	noCard: string;
	manage: string;
	pastDue: string;
	updatePaymentMethod: string;
	atLimit: (used: string, limit: string, meter: string) => string;
	upgradeTo: (plan: string, price: string) => string;
}

type Base<E extends HTMLElement = HTMLElement> = Omit<HTMLAttributes<E>, 'children'> & {
	labels?: Partial<BillingLabels>;
	/** BCP 47 locale for dates, numbers and money. @default the runtime's locale */
	locale?: string;
	/** Extra content at the end. */
	children?: Snippet;
};

export type BillingPlanProps = Base & {
	plans: readonly BillingPlanOption[];
	subscription: BillingSubscription | null;
	/** Asks your server what a change costs (`previewPlanChange`); shown before anything is charged. */
	preview: (planId: string) => Promise<BillingPreview>;
	/** Applies the change the customer confirmed. */
	onChange: (planId: string) => Promise<void> | void;
	/** Cancels at period end, with the customer's optional reason. */
	onCancel?: (options: { reason?: string }) => Promise<void> | void;
	onResume?: () => Promise<void> | void;
	/** Today, for the days left in a trial. @default new Date() */
	now?: Date;
};

export type BillingUsageProps = Base & {
	meters: readonly BillingMeter[];
	/** Daily usage of the period for the chart; no chart when absent. */
	days?: readonly BillingUsageDay[];
};

export type BillingInvoicesProps = Base & {
	invoices: readonly BillingInvoice[];
	loading?: boolean;
	/** Shows "Load more" when true. */
	hasMore?: boolean;
	onLoadMore?: () => void;
};

export type BillingApiKeysProps = Base & {
	keys: readonly BillingApiKey[];
	/** Creates a key; the secret in the answer is shown once, then dropped. */
	onCreate: (options: { name: string; expiresInDays: number | null }) => Promise<BillingNewApiKey>;
	onRoll?: (id: string) => Promise<BillingNewApiKey>;
	onRevoke: (id: string) => Promise<void> | void;
	/** Expiry choices in days; `null` is "never". @default [30, 90, 365, null] */
	expiryChoices?: readonly (number | null)[];
};

export type BillingPaymentMethodProps = Base & {
	card: BillingCard | null;
	/** Shows the banner asking to update the payment method. */
	pastDue?: boolean;
	/** Opens the portal: `() => openBillingPortal({ endpoint: '/api/billing-portal' })`. */
	onManage: () => void;
	/** Days before expiry that show "Expires soon". @default 60 */
	warnDays?: number;
	/** @default new Date() */
	now?: Date;
};

export type BillingPaywallProps = Base & {
	meter: BillingMeter;
	/** The plan that lifts the limit. */
	upgrade: BillingPlanOption;
	onUpgrade: (planId: string) => void;
};
