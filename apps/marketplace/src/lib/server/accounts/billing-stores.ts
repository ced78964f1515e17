import type { CustomerStore, SubscriptionRecord, SubscriptionStore } from '@nobs-pay/svelte/server';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordMrrChange } from '../admin/metrics-history.js';
import type { Db, Tx } from '../db/index.js';
import { billingCustomers, subscriptionStatuses, subscriptions } from '../db/schema.js';

/**
 * The library's billing stores on the marketplace database. Every write that two requests can
 * race on is one conditional statement, as the interfaces ask.
 */

/** One Stripe customer per account; the account is its owner's user id. */
export function drizzleCustomerStore(db: Db): CustomerStore {
	return {
		async get(accountId) {
			const [row] = await db
				.select({ id: billingCustomers.stripeCustomerId })
				.from(billingCustomers)
				.where(eq(billingCustomers.accountId, accountId));
			return row?.id ?? null;
		},
		async claim(accountId, customerId) {
			await db
				.insert(billingCustomers)
				.values({ accountId, stripeCustomerId: customerId })
				.onConflictDoNothing({ target: billingCustomers.accountId });
			const [row] = await db
				.select({ id: billingCustomers.stripeCustomerId })
				.from(billingCustomers)
				.where(eq(billingCustomers.accountId, accountId));
			if (!row) throw new Error(`No customer stored for account ${accountId}.`);
			return row.id;
		},
		async trialUsed(customerId) {
			const [row] = await db
				.select({ usedAt: billingCustomers.trialUsedAt })
				.from(billingCustomers)
				.where(eq(billingCustomers.stripeCustomerId, customerId));
			return Boolean(row?.usedAt);
		},
		async claimTrial(customerId) {
			const claimed = await db
				.update(billingCustomers)
				.set({ trialUsedAt: sql`now()` })
				.where(
					and(
						eq(billingCustomers.stripeCustomerId, customerId),
						isNull(billingCustomers.trialUsedAt)
					)
				)
				.returning({ id: billingCustomers.stripeCustomerId });
			return claimed.length > 0;
		}
	};
}

export type StoredSubscription = typeof subscriptions.$inferSelect;

/** A stored subscription before and after an upsert; `previous` is undefined for a new one. */
export interface SubscriptionChange {
	previous: StoredSubscription | undefined;
	next: StoredSubscription;
}

export interface SubscriptionStoreOptions {
	/**
	 * Runs in the upsert's transaction with what changed, e.g. to queue an email: it commits with
	 * the change or not at all.
	 */
	onChange?: (tx: Tx, change: SubscriptionChange) => Promise<void>;
}

const statusSchema = z.enum(subscriptionStatuses);

const toDate = (seconds: number | null | undefined) =>
	seconds === null || seconds === undefined ? null : new Date(seconds * 1000);
const toSeconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

/** The library's record of a stored row. */
export function toRecord(row: StoredSubscription): SubscriptionRecord {
	return {
		id: row.id,
		customerId: row.customerId,
		status: row.status,
		priceId: row.priceId,
		quantity: row.quantity,
		currentPeriodStart: toSeconds(row.currentPeriodStart),
		currentPeriodEnd: toSeconds(row.currentPeriodEnd),
		cancelAtPeriodEnd: row.cancelAtPeriodEnd,
		cancelAt: toSeconds(row.cancelAt),
		canceledAt: toSeconds(row.canceledAt),
		trialEnd: toSeconds(row.trialEnd)
	};
}

/**
 * The app's copy of Stripe's subscriptions. `upsert` locks the row, so the dunning clock
 * (`pastDueSince`) and the plan-change counter move once per real change, however many webhooks
 * and reconcile runs report it. Each change of MRR or status is appended to the MRR history.
 */
export function drizzleSubscriptionStore(
	db: Db,
	options: SubscriptionStoreOptions = {}
): SubscriptionStore {
	return {
		async get(id) {
			const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
			return row ? toRecord(row) : null;
		},
		async forCustomer(customerId) {
			const rows = await db
				.select()
				.from(subscriptions)
				.where(eq(subscriptions.customerId, customerId));
			return rows.map(toRecord);
		},
		async upsert(record) {
			await db.transaction(async (tx) => {
				const [previous] = await tx
					.select()
					.from(subscriptions)
					.where(eq(subscriptions.id, record.id))
					.for('update');
				const values = {
					id: record.id,
					customerId: record.customerId,
					status: statusSchema.parse(record.status),
					priceId: record.priceId,
					quantity: record.quantity,
					currentPeriodStart: toDate(record.currentPeriodStart),
					currentPeriodEnd: toDate(record.currentPeriodEnd),
					cancelAtPeriodEnd: record.cancelAtPeriodEnd,
					cancelAt: toDate(record.cancelAt),
					canceledAt: toDate(record.canceledAt),
					trialEnd: toDate(record.trialEnd),
					pastDueSince:
						record.status === 'past_due' ? (previous?.pastDueSince ?? new Date()) : null,
					planVersion:
						previous && previous.priceId !== record.priceId
							? previous.planVersion + 1
							: (previous?.planVersion ?? 0),
					updatedAt: new Date()
				};
				const [next] = await tx
					.insert(subscriptions)
					.values(values)
					.onConflictDoUpdate({ target: subscriptions.id, set: values })
					.returning();
				if (!next) throw new Error(`Subscription ${record.id} was not stored.`);
				await recordMrrChange(tx, next);
				await options.onChange?.(tx, { previous, next });
			});
		}
	};
}
