import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
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

export const orderSources = ['stripe', 'gumroad', 'lemonsqueezy', 'manual'] as const;
export type OrderSource = (typeof orderSources)[number];

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
		/** The key's last four characters, shown with the prefix in the account's order history. */
		licenseKeyLast4: text('license_key_last4'),
		status: text('status', { enum: orderStatuses }).notNull().default('pending'),
		/** Total in minor units, recomputed by the server from the catalog. */
		amount: integer('amount').notNull(),
		currency: text('currency').notNull(),
		email: text('email').notNull(),
		paymentIntentId: text('payment_intent_id').unique(),
		/** Where the sale was made: this store's Stripe checkout, or another platform's ping. */
		source: text('source', { enum: orderSources }).notNull().default('stripe'),
		/** The sale's id on the other platform (Gumroad sale id, Lemon Squeezy order id); null for Stripe. */
		externalId: text('external_id'),
		createdAt: createdAt(),
		paidAt: timestamp('paid_at', { withTimezone: true }),
		refundedAt: timestamp('refunded_at', { withTimezone: true })
	},
	(table) => [
		check('orders_status_check', sql`${table.status} in ('pending', 'paid', 'refunded', 'failed')`),
		check('orders_amount_check', sql`${table.amount} >= 0`),
		check(
			'orders_source_check',
			sql`${table.source} in ('stripe', 'gumroad', 'lemonsqueezy', 'manual')`
		),
		// One order per sale of another platform, however often it pings.
		unique('orders_source_external_unique').on(table.source, table.externalId),
		index('orders_paid_at_idx').on(table.paidAt)
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

/**
 * Money given back, one row per refund (Stripe's `re_…`, or the other platform's id). Partial
 * refunds leave the order paid; analytics count each refund on its own date.
 */
export const refunds = pgTable(
	'refunds',
	{
		id: text('id').primaryKey(),
		orderId: text('order_id')
			.notNull()
			.references(() => orders.id),
		amount: integer('amount').notNull(),
		currency: text('currency').notNull(),
		reason: text('reason'),
		createdAt: createdAt()
	},
	(table) => [
		index('refunds_order_idx').on(table.orderId),
		index('refunds_created_at_idx').on(table.createdAt),
		check('refunds_amount_check', sql`${table.amount} > 0`)
	]
);

/**
 * Chargebacks, one row per Stripe dispute (`dp_…`), written by the dispute webhooks so the admin can
 * see them on the customer page; the access they suspend is on the grants and the license key.
 */
export const disputes = pgTable(
	'disputes',
	{
		id: text('id').primaryKey(),
		orderId: text('order_id')
			.notNull()
			.references(() => orders.id),
		amount: integer('amount').notNull(),
		currency: text('currency').notNull(),
		reason: text('reason'),
		/** Stripe's status as last told (`needs_response`, `won`, `lost`…). */
		status: text('status').notNull(),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('disputes_order_idx').on(table.orderId)]
);

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
	(table) => [
		check('stripe_events_status_check', sql`${table.status} in ('pending', 'handled')`),
		// The health checks and alerts read the backlog only: handled events leave this index.
		index('stripe_events_pending_idx')
			.on(table.receivedAt)
			.where(sql`${table.status} = 'pending'`)
	]
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
		/** The order of a receipt; null for account mail, which has a `cause` instead. */
		orderId: text('order_id').references(() => orders.id),
		/**
		 * Why account mail was sent (`payment_failed:sub_…:<since>`): unique, so each cause sends one
		 * message however often a webhook or a job sees it. Null for receipts.
		 */
		cause: text('cause').unique(),
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
			'email_outbox_subject_check',
			sql`${table.orderId} is not null or ${table.cause} is not null`
		),
		check(
			'email_outbox_status_check',
			sql`${table.status} in ('held', 'queued', 'sending', 'sent')`
		),
		// The unsent mail (the health check's backlog), without scanning every message ever sent.
		index('email_outbox_unsent_idx')
			.on(table.createdAt)
			.where(sql`${table.status} in ('queued', 'sending')`)
	]
);

// Accounts (Better Auth). Table and column names are Better Auth's core schema for its drizzle
// adapter; the magic-link token is stored hashed in `auth_verification`.

export const authUser = pgTable('auth_user', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	email: text('email').notNull().unique(),
	emailVerified: boolean('email_verified').notNull().default(false),
	image: text('image'),
	createdAt: createdAt(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const authSession = pgTable(
	'auth_session',
	{
		id: text('id').primaryKey(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		token: text('token').notNull().unique(),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		userId: text('user_id')
			.notNull()
			.references(() => authUser.id, { onDelete: 'cascade' })
	},
	(table) => [index('auth_session_user_idx').on(table.userId)]
);

export const authAccount = pgTable('auth_account', {
	id: text('id').primaryKey(),
	accountId: text('account_id').notNull(),
	providerId: text('provider_id').notNull(),
	userId: text('user_id')
		.notNull()
		.references(() => authUser.id, { onDelete: 'cascade' }),
	accessToken: text('access_token'),
	refreshToken: text('refresh_token'),
	idToken: text('id_token'),
	accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
	refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
	scope: text('scope'),
	password: text('password'),
	createdAt: createdAt(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

export const authVerification = pgTable(
	'auth_verification',
	{
		id: text('id').primaryKey(),
		identifier: text('identifier').notNull(),
		value: text('value').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('auth_verification_identifier_idx').on(table.identifier)]
);

// Billing. An account is identified by its owner's user id; team members use the owner's.

/** One Stripe customer per account (the library's CustomerStore), and one trial per customer. */
export const billingCustomers = pgTable('billing_customers', {
	accountId: text('account_id')
		.primaryKey()
		.references(() => authUser.id, { onDelete: 'cascade' }),
	stripeCustomerId: text('stripe_customer_id').notNull().unique(),
	trialUsedAt: timestamp('trial_used_at', { withTimezone: true }),
	createdAt: createdAt()
});

/**
 * The Stripe prices of plan SKUs, created by `ensurePlanPrices` (lookup key = SKU). A SKU whose
 * amount changed has several: subscribers of the old price keep their plan.
 */
export const planPrices = pgTable('plan_prices', {
	stripePriceId: text('stripe_price_id').primaryKey(),
	sku: text('sku').notNull(),
	/** The catalog product (`api-pro`, `api-team`). */
	productId: text('product_id').notNull()
});

export const subscriptionStatuses = [
	'trialing',
	'active',
	'past_due',
	'canceled',
	'unpaid',
	'incomplete',
	'incomplete_expired',
	'paused'
] as const;

/** The library's SubscriptionRecord, as Stripe last answered it (never an event's payload). */
export const subscriptions = pgTable(
	'subscriptions',
	{
		id: text('id').primaryKey(),
		customerId: text('customer_id').notNull(),
		status: text('status', { enum: subscriptionStatuses }).notNull(),
		priceId: text('price_id'),
		quantity: integer('quantity').notNull(),
		currentPeriodStart: timestamp('current_period_start', { withTimezone: true }),
		currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
		cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull(),
		cancelAt: timestamp('cancel_at', { withTimezone: true }),
		canceledAt: timestamp('canceled_at', { withTimezone: true }),
		trialEnd: timestamp('trial_end', { withTimezone: true }),
		/** Set when the status turns `past_due`, cleared when it leaves it: the dunning clock. */
		pastDueSince: timestamp('past_due_since', { withTimezone: true }),
		/** Counts plan changes, so each one is a distinct cause for its email. */
		planVersion: integer('plan_version').notNull().default(0),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [index('subscriptions_customer_idx').on(table.customerId)]
);

/** Members of a Team account, invited by email; `userId` is set when the invite is accepted. */
export const teamMembers = pgTable(
	'team_members',
	{
		id: serial('id').primaryKey(),
		accountId: text('account_id')
			.notNull()
			.references(() => authUser.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		userId: text('user_id').references(() => authUser.id, { onDelete: 'cascade' }),
		invitedAt: createdAt(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true })
	},
	(table) => [
		unique('team_members_account_email_unique').on(table.accountId, table.email),
		// A user belongs to one team at most, so their account is never ambiguous.
		unique('team_members_user_unique').on(table.userId)
	]
);

// ---- The License API (/api/v1): API keys, subscribers' products and licenses, usage. ----

/**
 * A subscriber's API keys (`nobs_test_…` / `nobs_live_…`). Only the SHA-256 of the key is kept;
 * `start` and `last4` are what lists show. A rolled key is revoked and replaced by a new row.
 */
export const apiKeys = pgTable(
	'api_keys',
	{
		/** Public id (`key_…`). */
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		name: text('name').notNull(),
		keyHash: text('key_hash').notNull().unique(),
		/** `nobs_test_` or `nobs_live_` and the first characters of the random part. */
		start: text('start').notNull(),
		last4: text('last4').notNull(),
		createdAt: createdAt(),
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(table) => [index('api_keys_account_idx').on(table.accountId)]
);

/** The products a subscriber issues licenses for. */
export const apiProducts = pgTable(
	'api_products',
	{
		/** Public id (`prd_…`). */
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(table) => [index('api_products_account_idx').on(table.accountId)]
);

/** License keys a subscriber issued to their own customers, stored as hashes. */
export const apiLicenses = pgTable(
	'api_licenses',
	{
		/** Public id (`lic_…`). */
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		productId: text('product_id')
			.notNull()
			.references(() => apiProducts.id),
		keyHash: text('key_hash').notNull().unique(),
		start: text('start').notNull(),
		last4: text('last4').notNull(),
		/** Null: any number of instances. */
		maxActivations: integer('max_activations'),
		expiresAt: timestamp('expires_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		createdAt: createdAt()
	},
	(table) => [
		index('api_licenses_account_idx').on(table.accountId),
		check('api_licenses_max_activations_check', sql`${table.maxActivations} > 0`)
	]
);

/** The instances (machines, sites) a license is activated on. */
export const apiActivations = pgTable(
	'api_activations',
	{
		id: serial('id').primaryKey(),
		licenseId: text('license_id')
			.notNull()
			.references(() => apiLicenses.id),
		instance: text('instance').notNull(),
		createdAt: createdAt()
	},
	(table) => [unique('api_activations_license_instance_unique').on(table.licenseId, table.instance)]
);

/**
 * The first answer to each `Idempotency-Key` of an account, replayed to later requests with that
 * key. `status` is null while the first request is still running.
 */
export const apiIdempotency = pgTable(
	'api_idempotency',
	{
		accountId: text('account_id').notNull(),
		key: text('key').notNull(),
		/** SHA-256 of method, path and body: the same key with another request is refused. */
		requestHash: text('request_hash').notNull(),
		status: integer('status'),
		body: text('body'),
		createdAt: createdAt()
	},
	(table) => [primaryKey({ columns: [table.accountId, table.key] })]
);

/** Usage events recorded once per identifier (the library's `UsageStore`). */
export const usageEvents = pgTable('usage_events', {
	identifier: text('identifier').primaryKey(),
	customer: text('customer').notNull(),
	meter: text('meter').notNull(),
	quantity: integer('quantity').notNull(),
	/** Seconds since the epoch, as Stripe takes it. */
	timestamp: integer('timestamp').notNull(),
	createdAt: createdAt()
});

/** Daily totals of `usage_events`, per customer and meter (UTC days, `YYYY-MM-DD`). */
export const usageDaily = pgTable(
	'usage_daily',
	{
		customer: text('customer').notNull(),
		meter: text('meter').notNull(),
		day: text('day').notNull(),
		quantity: integer('quantity').notNull()
	},
	(table) => [primaryKey({ columns: [table.customer, table.meter, table.day] })]
);

/** Usage events waiting to be reported to Stripe's meter events (`flushUsage`). */
export const usageOutbox = pgTable('usage_outbox', {
	identifier: text('identifier')
		.primaryKey()
		.references(() => usageEvents.identifier),
	attempts: integer('attempts').notNull().default(0),
	/** Not sent before this time: after a failure (backoff) or while leased to a flusher. */
	dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
	lastError: text('last_error')
});

/** Usage alerts sent (80 % and 100 % of the quota), so each goes once per billing period. */
export const apiUsageAlerts = pgTable(
	'api_usage_alerts',
	{
		accountId: text('account_id').notNull(),
		/** The period's start, ISO 8601. */
		period: text('period').notNull(),
		percent: integer('percent').notNull(),
		createdAt: createdAt()
	},
	(table) => [primaryKey({ columns: [table.accountId, table.period, table.percent] })]
);

/** Every admin action (refund, grant reset, resend, ticket reply, manual fulfilment): who, what, when. */
export const adminAuditLog = pgTable(
	'admin_audit_log',
	{
		id: serial('id').primaryKey(),
		/** The admin's email, or `api-token` for a call with `ADMIN_API_TOKEN`. */
		actor: text('actor').notNull(),
		/** `<subject>.<verb>`: `order.refund`, `grant.reset`, `ticket.reply`… */
		action: text('action').notNull(),
		target: text('target').notNull(),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt()
	},
	(table) => [index('admin_audit_log_target_idx').on(table.target)]
);

/**
 * Every authenticated ping of another platform (Gumroad, Lemon Squeezy) and what became of it:
 * an order fulfilled, a replay, a refund, or a sale held for the founder (unknown product, amount
 * that differs from the catalog). Unauthenticated requests are refused before they get here.
 */
export const sourceEvents = pgTable(
	'source_events',
	{
		id: serial('id').primaryKey(),
		source: text('source', { enum: orderSources }).notNull(),
		/** `sale`, `refund` (Gumroad); `order_created`, `order_refunded` (Lemon Squeezy). */
		event: text('event').notNull(),
		/** The platform's id of the sale or order. */
		externalId: text('external_id').notNull(),
		/** `fulfilled`, `replay`, `refunded`, `unknown-product`, `amount-mismatch`… */
		outcome: text('outcome').notNull(),
		orderId: text('order_id').references(() => orders.id),
		/** What the founder needs to act: product, amounts, the buyer's email. Never a secret. */
		detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('source_events_external_idx').on(table.source, table.externalId),
		index('source_events_received_at_idx').on(table.receivedAt)
	]
);

/**
 * Revenue milestones crossed: one row per calendar month (in the shop's time zone) and target, so
 * each is announced once however many sales cross it at the same moment.
 */
export const revenueMilestones = pgTable(
	'revenue_milestones',
	{
		/** `YYYY-MM` in the shop's time zone. */
		month: text('month').notNull(),
		/** The target, in minor units of `currency`. */
		amount: integer('amount').notNull(),
		currency: text('currency').notNull(),
		/** The month's net revenue when the crossing was seen, in minor units. */
		netAtCrossing: integer('net_at_crossing').notNull(),
		crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [primaryKey({ columns: [table.month, table.amount, table.currency] })]
);

// ---- Support tickets: a customer writes from the order page or the account; the admin answers. ----

export const ticketStatuses = ['open', 'waiting_on_customer', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/**
 * A support conversation. The reference (`T-7KQ2MX`) is what both sides quote; it grants nothing:
 * the customer reaches the ticket signed in with its email, or through a link token from a mail.
 */
export const supportTickets = pgTable(
	'support_tickets',
	{
		reference: text('reference').primaryKey(),
		status: text('status', { enum: ticketStatuses }).notNull().default('open'),
		subject: text('subject').notNull(),
		/** The customer's address, lower-cased: replies go there, and its account owns the ticket. */
		email: text('email').notNull(),
		orderId: text('order_id').references(() => orders.id),
		/** The account of a customer who was signed in when they wrote. */
		accountId: text('account_id'),
		createdAt: createdAt(),
		/** When an admin first answered: the first-response time is this minus `created_at`. */
		firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
		lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
		closedAt: timestamp('closed_at', { withTimezone: true })
	},
	(table) => [
		check(
			'support_tickets_status_check',
			sql`${table.status} in ('open', 'waiting_on_customer', 'closed')`
		),
		index('support_tickets_status_activity_idx').on(table.status, table.lastActivityAt),
		index('support_tickets_email_idx').on(table.email)
	]
);

export const ticketAuthors = ['customer', 'admin'] as const;

/** The thread of a ticket, oldest first by id. */
export const supportTicketMessages = pgTable(
	'support_ticket_messages',
	{
		id: serial('id').primaryKey(),
		ticketReference: text('ticket_reference')
			.notNull()
			.references(() => supportTickets.reference),
		author: text('author', { enum: ticketAuthors }).notNull(),
		body: text('body').notNull(),
		createdAt: createdAt()
	},
	(table) => [
		check('support_ticket_messages_author_check', sql`${table.author} in ('customer', 'admin')`),
		index('support_ticket_messages_ticket_idx').on(table.ticketReference, table.id)
	]
);

/**
 * The secret links to a ticket, one per mail sent to the customer, stored as SHA-256 digests like
 * the order tokens. Each mail carries its own, so no plaintext has to be kept to write the next.
 */
export const supportTicketLinks = pgTable(
	'support_ticket_links',
	{
		tokenHash: text('token_hash').primaryKey(),
		ticketReference: text('ticket_reference')
			.notNull()
			.references(() => supportTickets.reference),
		createdAt: createdAt()
	},
	(table) => [index('support_ticket_links_ticket_idx').on(table.ticketReference)]
);

export const mrrMovements = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MrrMovement = (typeof mrrMovements)[number];

/**
 * Append-only history of each subscription's MRR and status, one row per change of either,
 * written in the subscription projection's transaction. Each row carries what it changed (the
 * customer's MRR before and after, the movement, the previous status), so the figures of any
 * period are one pass of sums over it, with no window or sort.
 */
export const subscriptionMrrChanges = pgTable(
	'subscription_mrr_changes',
	{
		id: serial('id').primaryKey(),
		subscriptionId: text('subscription_id').notNull(),
		/** The Stripe customer: movements are classified per customer, as ChartMogul does. */
		customerId: text('customer_id').notNull(),
		status: text('status', { enum: subscriptionStatuses }).notNull(),
		/** The subscription's status in its previous row; null for its first. */
		previousStatus: text('previous_status', { enum: subscriptionStatuses }),
		/** The catalog product of the plan; null when the price is not one of the catalog's. */
		productId: text('product_id'),
		/** Monthly recurring revenue after the change, minor units (0 unless active or past due). */
		mrr: integer('mrr').notNull(),
		/** `mrr` minus the subscription's previous `mrr`, so running sums give MRR at any time. */
		delta: integer('delta').notNull(),
		/** The customer's MRR over all their subscriptions before and after this change. */
		customerMrrBefore: integer('customer_mrr_before').notNull(),
		customerMrrAfter: integer('customer_mrr_after').notNull(),
		/** What the change did to the customer's MRR, classified when it was written. */
		movement: text('movement', { enum: mrrMovements }),
		currency: text('currency').notNull(),
		changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow()
	},
	(table) => [
		index('subscription_mrr_changes_subscription_idx').on(table.subscriptionId, table.changedAt),
		index('subscription_mrr_changes_customer_idx').on(table.customerId, table.changedAt),
		check('subscription_mrr_changes_mrr_check', sql`${table.mrr} >= 0`),
		check(
			'subscription_mrr_changes_movement_check',
			sql`${table.movement} in ('new', 'expansion', 'contraction', 'churn', 'reactivation')`
		)
	]
);
