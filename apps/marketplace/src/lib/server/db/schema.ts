import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgTable,
	serial,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';

/**
 * The marketplace's tables. One schema for PGlite and PostgreSQL; `drizzle-kit generate` turns it
 * into the SQL migrations under `apps/marketplace/drizzle/`.
 *
 * Secrets (order access tokens, download tokens, license keys) are stored only as SHA-256 hex
 * digests in `*_hash` columns. See docs/src/routes/marketplace-data/+page.md for where their plaintext lives.
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const customers = pgTable('customers', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	createdAt: createdAt()
});

export const orderStatuses = ['pending', 'paid', 'refunded', 'failed'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable(
	'orders',
	{
		/** Public id (`ord_…`). Knowing it grants nothing: every lookup goes through a token hash. */
		id: text('id').primaryKey(),
		customerId: text('customer_id')
			.notNull()
			.references(() => customers.id),
		accessTokenHash: text('access_token_hash').notNull().unique(),
		/** Hash of the license key derived from the access token, known before payment. */
		licenseKeyHash: text('license_key_hash').notNull().unique(),
		licenseKeyPrefix: text('license_key_prefix').notNull(),
		status: text('status', { enum: orderStatuses }).notNull().default('pending'),
		/** Total in minor units, recomputed by the server from the catalog. */
		amount: integer('amount').notNull(),
		currency: text('currency').notNull(),
		email: text('email').notNull(),
		paymentIntentId: text('payment_intent_id').unique(),
		createdAt: createdAt(),
		paidAt: timestamp('paid_at', { withTimezone: true }),
		refundedAt: timestamp('refunded_at', { withTimezone: true })
	},
	(table) => [
		check('orders_status_check', sql`${table.status} in ('pending', 'paid', 'refunded', 'failed')`),
		check('orders_amount_check', sql`${table.amount} >= 0`)
	]
);

export const orderItems = pgTable(
	'order_items',
	{
		id: serial('id').primaryKey(),
		orderId: text('order_id')
			.notNull()
			.references(() => orders.id),
		/** Position in the order, part of what the download token is derived from. */
		line: integer('line').notNull(),
		sku: text('sku').notNull(),
		name: text('name').notNull(),
		unitAmount: integer('unit_amount').notNull(),
		quantity: integer('quantity').notNull(),
		/** Set for bundle lines: the hash of the download token derived from the access token. */
		downloadTokenHash: text('download_token_hash').unique()
	},
	(table) => [
		unique('order_items_order_line_unique').on(table.orderId, table.line),
		check('order_items_quantity_check', sql`${table.quantity} > 0`)
	]
);

export const payments = pgTable('payments', {
	id: serial('id').primaryKey(),
	orderId: text('order_id')
		.notNull()
		.references(() => orders.id),
	paymentIntentId: text('payment_intent_id').notNull().unique(),
	amount: integer('amount').notNull(),
	currency: text('currency').notNull(),
	createdAt: createdAt()
});

export const eventStatuses = ['pending', 'handled'] as const;

/** The webhook inbox: one row per Stripe event id, claimed with a lease, handled once. */
export const stripeEvents = pgTable(
	'stripe_events',
	{
		id: text('id').primaryKey(),
		type: text('type').notNull(),
		status: text('status', { enum: eventStatuses }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(1),
		lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
		lastError: text('last_error'),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
		handledAt: timestamp('handled_at', { withTimezone: true })
	},
	(table) => [check('stripe_events_status_check', sql`${table.status} in ('pending', 'handled')`)]
);

export const downloadGrants = pgTable(
	'download_grants',
	{
		id: serial('id').primaryKey(),
		tokenHash: text('token_hash').notNull().unique(),
		orderId: text('order_id')
			.notNull()
			.references(() => orders.id),
		bundleSku: text('bundle_sku').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		maxDownloads: integer('max_downloads').notNull().default(5),
		downloads: integer('downloads').notNull().default(0),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(table) => [
		index('download_grants_order_idx').on(table.orderId),
		// The database itself refuses a count above the cap, whatever the code does.
		check(
			'download_grants_downloads_check',
			sql`${table.downloads} >= 0 and ${table.downloads} <= ${table.maxDownloads}`
		)
	]
);

export const licenseKeys = pgTable('license_keys', {
	id: serial('id').primaryKey(),
	keyHash: text('key_hash').notNull().unique(),
	/** The first characters of the key (`NOBS-ABCD`), safe to show in lists and support tickets. */
	prefix: text('prefix').notNull(),
	orderId: text('order_id')
		.notNull()
		.unique()
		.references(() => orders.id),
	activations: integer('activations').notNull().default(0),
	revokedAt: timestamp('revoked_at', { withTimezone: true }),
	createdAt: createdAt()
});

export const emailStatuses = ['held', 'queued', 'sending', 'sent'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/**
 * Outgoing mail. A receipt is written `held` when the order is created (only then is the access
 * token in hand to build its links) and becomes `queued` when the order is paid.
 */
export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: serial('id').primaryKey(),
		orderId: text('order_id')
			.notNull()
			.references(() => orders.id),
		kind: text('kind').notNull(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		html: text('html').notNull(),
		text: text('text').notNull(),
		status: text('status', { enum: emailStatuses }).notNull().default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		createdAt: createdAt(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(table) => [
		unique('email_outbox_order_kind_unique').on(table.orderId, table.kind),
		check(
			'email_outbox_status_check',
			sql`${table.status} in ('held', 'queued', 'sending', 'sent')`
		)
	]
);
