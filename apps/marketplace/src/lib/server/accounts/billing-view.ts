import { money, type Money } from '@nobs-pay/svelte/server';
import { desc, eq, max } from 'drizzle-orm';
import type Stripe from 'stripe';
import { findProduct } from '../../catalog.js';
import type { Services } from '../services.js';
import { billingCustomers, subscriptions } from '../db/schema.js';
import { refreshCustomer } from './billing-sync.js';
import { liveStatuses } from './plan-checkout.js';

/**
 * What `/account/billing` renders, as plain data shaped for the library's `Billing` parts
 * (their types live in the browser package; these mirror them field for field).
 */
export interface BillingView {
	owner: boolean;
	plans: {
		id: string;
		name: string;
		price: Money;
		interval: 'day' | 'week' | 'month' | 'year';
		rank: number;
	}[];
	subscription: {
		planId: string;
		planName: string;
		status: 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete';
		periodEnd?: Date;
		cancelAt: Date | null;
		trialEnd: Date | null;
	} | null;
	invoices: {
		id: string;
		number: string | null;
		date: Date;
		amount: Money;
		status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
		hostedUrl: string | null;
		pdfUrl: string | null;
	}[];
	card: { brand: string; last4: string; expMonth: number; expYear: number } | null;
	pastDue: boolean;
}

const invoiceStatuses: string[] = ['draft', 'open', 'paid', 'void', 'uncollectible'];

const shownStatus = (status: string): NonNullable<BillingView['subscription']>['status'] =>
	status === 'paused'
		? 'past_due'
		: status === 'incomplete_expired'
			? 'canceled'
			: (status as NonNullable<BillingView['subscription']>['status']);

/**
 * The billing page of an account: its plan from the projection (re-read from Stripe first when
 * missing or stale), the plans it may move to, its invoices and card from Stripe.
 */
export async function loadBillingView(
	services: Pick<Services, 'stripe' | 'billing' | 'database'>,
	input: { accountId: string; userId: string }
): Promise<BillingView> {
	const { stripe, billing, database } = services;
	const db = database.db;
	const prices = await billing.planPrices();
	const plans = prices.map((price) => {
		const product = findProduct(price.productId);
		const unitAmount =
			product?.prices.find((candidate) => candidate.sku === price.sku)?.unitAmount ?? 0;
		return {
			id: price.stripePriceId,
			name: price.productName,
			price: money({ amount: unitAmount, currency: 'usd' }),
			interval: price.interval,
			rank: price.productId === 'api-team' ? 2 : 1
		};
	});
	const empty: BillingView = {
		owner: input.accountId === input.userId,
		plans,
		subscription: null,
		invoices: [],
		card: null,
		pastDue: false
	};
	const [customerRow] = await db
		.select({ id: billingCustomers.stripeCustomerId, synced: max(subscriptions.updatedAt) })
		.from(billingCustomers)
		.leftJoin(subscriptions, eq(subscriptions.customerId, billingCustomers.stripeCustomerId))
		.where(eq(billingCustomers.accountId, input.accountId))
		.groupBy(billingCustomers.stripeCustomerId);
	if (!customerRow) return empty;
	const customer = customerRow.id;
	await refreshCustomer(services, { customer, lastSyncedAt: customerRow.synced });

	const rows = await db
		.select()
		.from(subscriptions)
		.where(eq(subscriptions.customerId, customer))
		.orderBy(desc(subscriptions.currentPeriodEnd));
	const current = rows.find((row) => liveStatuses.includes(row.status)) ?? rows[0];
	// Invoices and the card are the owner's business: a team member's page never receives them.
	const [invoices, cards] = empty.owner
		? await Promise.all([
				stripe.invoices.list({ customer, limit: 12 }),
				stripe.customers.listPaymentMethods(customer, { type: 'card', limit: 1 })
			])
		: [{ data: [] as Stripe.Invoice[] }, { data: [] as Stripe.PaymentMethod[] }];
	const card = cards.data[0]?.card;
	return {
		...empty,
		subscription: current
			? {
					planId: current.priceId ?? '',
					planName:
						prices.find((price) => price.stripePriceId === current.priceId)?.productName ??
						'Your plan',
					status: shownStatus(current.status),
					periodEnd: current.currentPeriodEnd ?? undefined,
					cancelAt: current.cancelAtPeriodEnd ? current.currentPeriodEnd : current.cancelAt,
					trialEnd: current.trialEnd
				}
			: null,
		invoices: invoices.data.flatMap((invoice: Stripe.Invoice) =>
			invoice.id && invoice.status && invoiceStatuses.includes(invoice.status)
				? [
						{
							id: invoice.id,
							number: invoice.number,
							date: new Date(invoice.created * 1000),
							amount: money({ amount: invoice.amount_due, currency: invoice.currency }),
							status: invoice.status as BillingView['invoices'][number]['status'],
							hostedUrl: invoice.hosted_invoice_url ?? null,
							pdfUrl: invoice.invoice_pdf ?? null
						}
					]
				: []
		),
		card: card
			? { brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year }
			: null,
		pastDue: current?.status === 'past_due' || current?.status === 'unpaid'
	};
}
