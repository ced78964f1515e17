// Plain data for the billing tests and stories: three tiers, dates around 2026-03-10.
import type {
	BillingApiKey,
	BillingInvoice,
	BillingMeter,
	BillingPlanOption,
	BillingSubscription,
	BillingUsageDay
} from '../types.js';

export const now = new Date('2026-03-10T12:00:00Z');
const usd = (amount: number) => ({ amount, currency: 'usd' });

export const plans: BillingPlanOption[] = [
	{ id: 'pro-monthly', name: 'Pro', price: usd(1900), interval: 'month', rank: 1 },
	{ id: 'pro-yearly', name: 'Pro', price: usd(19000), interval: 'year', rank: 1 },
	{ id: 'team-monthly', name: 'Team', price: usd(4900), interval: 'month', rank: 2 },
	{ id: 'starter-monthly', name: 'Starter', price: usd(900), interval: 'month', rank: 0 }
];

export const subscriptions = {
	trialing: {
		planId: 'pro-monthly',
		status: 'trialing',
		trialEnd: new Date('2026-03-15T12:00:00Z'),
		periodEnd: new Date('2026-03-15T12:00:00Z')
	},
	active: { planId: 'pro-monthly', status: 'active', periodEnd: new Date('2026-04-01T00:00:00Z') },
	pastDue: {
		planId: 'pro-monthly',
		status: 'past_due',
		periodEnd: new Date('2026-04-01T00:00:00Z')
	},
	canceling: {
		planId: 'pro-monthly',
		status: 'active',
		periodEnd: new Date('2026-04-01T00:00:00Z'),
		cancelAt: new Date('2026-04-01T00:00:00Z')
	},
	canceled: { planId: 'pro-monthly', status: 'canceled' },
	downgrading: {
		planId: 'pro-monthly',
		status: 'active',
		periodEnd: new Date('2026-04-01T00:00:00Z'),
		scheduledPlanId: 'starter-monthly'
	}
} satisfies Record<string, BillingSubscription>;

export const meters = {
	normal: { id: 'requests', name: 'API requests', used: 4200, included: 10000 },
	warning: { id: 'requests', name: 'API requests', used: 8500, included: 10000 },
	atLimit: { id: 'requests', name: 'API requests', used: 10000, included: 10000 },
	over: { id: 'requests', name: 'API requests', used: 12500, included: 10000, limit: 12000 },
	seats: { id: 'seats', name: 'Seats', used: 3, included: 5 }
} satisfies Record<string, BillingMeter>;

export const days: BillingUsageDay[] = [
	{ day: '2026-03-01', quantity: 300 },
	{ day: '2026-03-02', quantity: 1200 },
	{ day: '2026-03-03', quantity: 0 },
	{ day: '2026-03-04', quantity: 800 }
];

export const invoices: BillingInvoice[] = [
	{
		id: 'in_2',
		number: 'NOBS-0002',
		date: new Date('2026-03-01T00:00:00Z'),
		amount: usd(1900),
		status: 'open',
		hostedUrl: 'https://invoice.stripe.com/i/in_2',
		pdfUrl: 'https://pay.stripe.com/invoice/in_2/pdf'
	},
	{
		id: 'in_1',
		number: 'NOBS-0001',
		date: new Date('2026-02-01T00:00:00Z'),
		amount: usd(1900),
		status: 'paid',
		hostedUrl: 'https://invoice.stripe.com/i/in_1',
		pdfUrl: 'https://pay.stripe.com/invoice/in_1/pdf'
	}
];

export const apiKeys: BillingApiKey[] = [
	{
		id: 'key_1',
		name: 'Production',
		start: 'nobs_live_',
		last4: 'a1b2',
		created: new Date('2026-01-05T00:00:00Z'),
		lastUsed: new Date('2026-03-09T00:00:00Z'),
		expires: null
	}
];

export const newKey = {
	key: {
		id: 'key_2',
		name: 'CI',
		start: 'nobs_live_',
		last4: 'z9y8',
		created: now,
		lastUsed: null,
		expires: new Date('2026-06-08T00:00:00Z')
	},
	secret: 'nobs_live_s3cr3tvalue000000000000z9y8'
};
