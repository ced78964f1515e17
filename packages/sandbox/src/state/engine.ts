import { createHmac, randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { FormObject } from '../wire/form.js';
import { WebhookDispatcher, type WebhookEndpoint } from '../webhooks.js';
import { Clock, Collection, newId } from './store.js';

/** The API version the sandbox speaks, as reported in events. */
export const API_VERSION = '2026-10-28.endive';

/**
 * An event kept as the JSON it was sent as: events never change, and a string costs a fraction of
 * the memory of the object graph (the benchmark stores hundreds of thousands of them).
 */
export interface StoredEvent {
	id: string;
	type: Stripe.Event.Type;
	created: number;
	json: string;
}

export const readEvent = (stored: StoredEvent): Stripe.Event =>
	JSON.parse(stored.json) as Stripe.Event;

/** One API request as the request log keeps it (`GET /_sandbox/requests`, `sandbox.requests()`). */
export interface RequestRecord {
	id: string;
	method: string;
	path: string;
	status: number;
	/** The `Stripe-Version` header the client sent, or `null` when it sent none. */
	stripe_version: string | null;
	created: number;
}

/** What `payment_intent_data` and `subscription_data` leave for when a Checkout Session is paid. */
export interface CheckoutOptions {
	payment: {
		metadata?: Stripe.Metadata | undefined;
		description?: string | undefined;
		setup_future_usage?: 'on_session' | 'off_session' | undefined;
	};
	subscription: { metadata?: Stripe.Metadata | undefined; trial_period_days?: number | undefined };
}

/** A meter event as the meters aggregate it. */
export interface MeterEventRecord {
	event: Stripe.Billing.MeterEvent;
	/** The meter counting it (the active meter with its `event_name` when it arrived), if any. */
	meter: string | null;
	customer: string | null;
	/** The payload's value as a number; `null` when it is missing or not a number (`count` still counts it). */
	value: number | null;
	/** Set by a meter event adjustment: the event no longer counts. */
	canceled: boolean;
}

/** Every stateful collection, keyed by the prefix of the ids it holds (used by `expand`). */
export class Engine {
	readonly clock = new Clock();
	readonly webhooks: WebhookDispatcher;
	origin = 'http://127.0.0.1';
	/** How many events `GET /v1/events` can still return; older ones are forgotten. @default 25000 */
	eventRetention = 25_000;

	readonly customers = new Collection<Stripe.Customer>('customer', '/v1/customers');
	readonly products = new Collection<Stripe.Product>('product', '/v1/products');
	readonly prices = new Collection<Stripe.Price>('price', '/v1/prices');
	readonly paymentMethods = new Collection<Stripe.PaymentMethod>(
		'payment_method',
		'/v1/payment_methods'
	);
	readonly paymentIntents = new Collection<Stripe.PaymentIntent>(
		'payment_intent',
		'/v1/payment_intents'
	);
	readonly setupIntents = new Collection<Stripe.SetupIntent>('setup_intent', '/v1/setup_intents');
	readonly charges = new Collection<Stripe.Charge>('charge', '/v1/charges');
	readonly refunds = new Collection<Stripe.Refund>('refund', '/v1/refunds');
	readonly events = new Collection<StoredEvent>('event', '/v1/events');
	readonly checkoutSessions = new Collection<Stripe.Checkout.Session>(
		'checkout.session',
		'/v1/checkout/sessions'
	);
	readonly subscriptions = new Collection<Stripe.Subscription>('subscription', '/v1/subscriptions');
	readonly subscriptionItems = new Collection<Stripe.SubscriptionItem>(
		'subscription_item',
		'/v1/subscription_items'
	);
	readonly invoices = new Collection<Stripe.Invoice>('invoice', '/v1/invoices');
	readonly invoiceItems = new Collection<Stripe.InvoiceItem>('invoiceitem', '/v1/invoiceitems');
	readonly testClocks = new Collection<Stripe.TestHelpers.TestClock>(
		'test_helpers.test_clock',
		'/v1/test_helpers/test_clocks'
	);
	readonly portalSessions = new Collection<Stripe.BillingPortal.Session>(
		'billing_portal.session',
		'/v1/billing_portal/sessions'
	);
	readonly meters = new Collection<Stripe.Billing.Meter>('billing.meter', '/v1/billing/meters');
	/** Every meter event received, by `identifier` (Stripe refuses a second event with the same one). */
	readonly meterEvents = new Map<string, MeterEventRecord>();
	/** Meter id → the events it counts, in the order they arrived. */
	readonly meterUsage = new Map<string, MeterEventRecord[]>();
	/** Subscription item id → the end of the last usage period an invoice billed. */
	readonly usageBilledUntil = new Map<string, number>();
	/** Price id → its tiers: Stripe returns them only when `tiers` is expanded. */
	readonly priceTiers = new Map<string, Stripe.Price.Tier[]>();
	/** Portal sessions whose flow (`flow_data`) the customer has completed: they show the portal homepage. */
	readonly portalFlowsCompleted = new Set<string>();
	/** Full card numbers stay server-side, as on Stripe: a payment method exposes only `last4`. */
	readonly cardNumbers = new Map<string, string>();
	/** IBANs of SEPA Direct Debit payment methods, likewise never returned. */
	readonly ibans = new Map<string, string>();
	/** Intents in `processing` (bank debits) and the sandbox time at which the bank answers. */
	readonly processingUntil = new Map<string, number>();
	/** Checkout line items live beside their session: Stripe returns them only on request. */
	readonly checkoutLineItems = new Map<string, Stripe.LineItem[]>();
	/** Options a Checkout Session keeps for completion time that are not part of the Session object. */
	readonly checkoutOptions = new Map<string, CheckoutOptions>();
	/** PaymentIntent id → the Checkout Session it pays. */
	readonly checkoutSessionByIntent = new Map<string, string>();
	/** PaymentIntent id → the invoice it collects. */
	readonly invoiceByIntent = new Map<string, string>();
	/** Subscriptions whose `customer.subscription.trial_will_end` was sent, so it is sent once. */
	readonly trialWarned = new Set<string>();
	/**
	 * Subscriptions whose caller is deciding their status right now (creation, renewal, update):
	 * a PaymentIntent outcome then settles only the invoice, so one change emits one event.
	 */
	readonly settlingSubscriptions = new Set<string>();

	private readonly byPrefix: Array<[string, Collection<{ id: string }>]>;

	/**
	 * Told whenever a PaymentIntent succeeds or fails, however that happened (API confirm,
	 * Stripe.js, the challenge page), so invoices and checkout sessions can follow it.
	 */
	readonly intentListeners: Array<(pi: Stripe.PaymentIntent) => void> = [];

	/** The most recent API requests, oldest first (at most 1,000). */
	readonly requestLog: RequestRecord[] = [];

	/** What moves the objects on a test clock when it advances (subscription renewals...). */
	readonly clockAdvancers: Array<(engine: Engine, clockId: string, to: number) => void> = [];

	/** Told when an invoice is paid (however: card, out of band) or its payment fails. */
	readonly invoiceListeners: Array<(invoice: Stripe.Invoice, outcome: 'paid' | 'failed') => void> =
		[];

	/** Idempotency-Key → what was asked and what was answered. */
	readonly idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();

	/** The request being served, recorded on the events it causes (`event.request`). */
	currentRequest: { id: string | null; idempotency_key: string | null } = {
		id: null,
		idempotency_key: null
	};

	constructor() {
		// Signatures use real time, as Stripe's do even for test clocks: the receiver checks the
		// timestamp against its own clock (constructEvent's tolerance), not against the sandbox's.
		this.webhooks = new WebhookDispatcher({ now: () => Math.floor(Date.now() / 1000) });
		this.byPrefix = [
			['cus_', this.customers],
			['prod_', this.products],
			['price_', this.prices],
			['pm_', this.paymentMethods],
			['pi_', this.paymentIntents],
			['seti_', this.setupIntents],
			['ch_', this.charges],
			['re_', this.refunds],
			['evt_', this.events],
			['cs_', this.checkoutSessions],
			['sub_', this.subscriptions],
			['si_', this.subscriptionItems],
			['in_', this.invoices],
			['ii_', this.invoiceItems],
			['bps_', this.portalSessions],
			['clock_', this.testClocks],
			['mtr_', this.meters]
		];
	}

	/** Signs the addresses of hosted pages (invoice, PDF, receipt), so an id alone opens none. */
	private readonly pageSecret = randomBytes(32);

	/** The unguessable part of a hosted page's address for object `id`. */
	pageToken(id: string): string {
		return createHmac('sha256', this.pageSecret).update(id).digest('base64url').slice(0, 32);
	}

	/** Set while the sandbox acts for objects on a test clock: their time is the clock's. */
	private timeOverride: number | null = null;

	now = (): number => this.timeOverride ?? this.clock.now();

	/** Runs `work` with `now()` answering `time` (a test clock's frozen time, a period boundary). */
	atTime<T>(time: number | null, work: () => T): T {
		if (time === null) return work();
		const outer = this.timeOverride;
		this.timeOverride = time;
		try {
			return work();
		} finally {
			this.timeOverride = outer;
		}
	}

	/** The frozen time of the test clock a customer is attached to, or `null` for real time. */
	clockTimeOf(customerId: string | null | undefined): number | null {
		const clockId = customerId ? this.customers.find(customerId)?.test_clock : null;
		const clock = clockId ? this.testClocks.find(String(clockId)) : undefined;
		return clock ? clock.frozen_time : null;
	}

	findAny(id: string): { id: string } | undefined {
		for (const [prefix, collection] of this.byPrefix)
			if (id.startsWith(prefix)) return collection.find(id);
		return undefined;
	}

	addWebhook(endpoint: WebhookEndpoint): void {
		this.webhooks.add(endpoint);
	}

	/**
	 * Records an event and queues it for every webhook endpoint. The object is serialised now, so
	 * later changes to it never leak into an event that has already happened.
	 */
	emit(
		type: Stripe.Event.Type,
		object: { id: string },
		previous?: Record<string, unknown>
	): StoredEvent {
		const id = newId('evt_');
		const created = this.now();
		const envelope = {
			id,
			object: 'event',
			api_version: API_VERSION,
			created,
			// Filled in below from the object's JSON, so the object is serialised once.
			data: null,
			livemode: false,
			pending_webhooks: this.webhooks.endpoints.length,
			request: this.currentRequest,
			type
		};
		const data = `{"object":${JSON.stringify(object)}${previous ? `,"previous_attributes":${JSON.stringify(previous)}` : ''}}`;
		const json = JSON.stringify(envelope).replace('"data":null', `"data":${data}`);
		const stored = this.events.insert({ id, type, created, json });
		// Stripe keeps events for 30 days; the sandbox keeps the most recent ones, so memory stays bounded.
		if (this.events.size > this.eventRetention) this.events.trimTo(this.eventRetention);
		if (this.webhooks.endpoints.length > 0) this.webhooks.dispatch(json);
		return stored;
	}

	/**
	 * Replaces ids with the objects they name along each dotted path (`latest_charge`,
	 * `data.customer`, `latest_invoice.payment_intent`). Works on a copy.
	 */
	expand<T>(object: T, paths: readonly string[] | undefined): T {
		if (!paths || paths.length === 0) return object;
		const copy = structuredClone(object) as unknown;
		for (const path of paths) this.expandPath(copy, path.split('.'));
		return copy as T;
	}

	private expandPath(node: unknown, path: string[]): void {
		if (node === null || typeof node !== 'object' || path.length === 0) return;
		const [head, ...rest] = path as [string, ...string[]];
		const record = node as Record<string, unknown>;
		if (Array.isArray(record[head])) {
			for (const item of record[head] as unknown[]) this.expandPath(item, rest);
			return;
		}
		if (
			head === 'line_items' &&
			typeof record.id === 'string' &&
			this.checkoutLineItems.has(record.id)
		) {
			const data = this.checkoutLineItems.get(record.id) ?? [];
			record.line_items = {
				object: 'list',
				data,
				has_more: false,
				url: `/v1/checkout/sessions/${record.id}/line_items`
			};
		}
		if (head === 'tiers' && record.object === 'price' && typeof record.id === 'string')
			record.tiers = this.priceTiers.get(record.id) ?? [];
		let value = record[head];
		if (typeof value === 'string') {
			const found = this.findAny(value);
			if (found)
				value = record[head] = value.startsWith('evt_')
					? readEvent(found as StoredEvent)
					: structuredClone(found);
		}
		if (rest.length > 0) this.expandPath(value, rest);
	}

	/**
	 * Stripe keeps keys for 24 hours; the sandbox keeps the most recent 20,000 so memory stays
	 * bounded however long it runs (the SDK sends a key with every POST).
	 */
	rememberIdempotent(
		key: string,
		entry: { fingerprint: string; status: number; body: string }
	): void {
		this.idempotency.set(key, entry);
		if (this.idempotency.size > 20_000) {
			const oldest = this.idempotency.keys().next().value;
			if (oldest !== undefined) this.idempotency.delete(oldest);
		}
	}

	recordRequest(record: RequestRecord): void {
		this.requestLog.push(record);
		if (this.requestLog.length > 1_000) this.requestLog.splice(0, this.requestLog.length - 1_000);
	}

	/** How many API objects the sandbox holds, events included. */
	objectCount(): number {
		let total = 0;
		for (const [, collection] of this.byPrefix) total += collection.size;
		return total;
	}

	reset(): void {
		for (const [, collection] of this.byPrefix) collection.clear();
		this.portalFlowsCompleted.clear();
		this.meterEvents.clear();
		this.meterUsage.clear();
		this.usageBilledUntil.clear();
		this.priceTiers.clear();
		this.checkoutLineItems.clear();
		this.checkoutOptions.clear();
		this.checkoutSessionByIntent.clear();
		this.invoiceByIntent.clear();
		this.trialWarned.clear();
		this.settlingSubscriptions.clear();
		this.cardNumbers.clear();
		this.ibans.clear();
		this.processingUntil.clear();
		this.idempotency.clear();
		this.requestLog.length = 0;
		this.webhooks.clearPending();
		this.clock.reset();
	}
}

/** What every route handler receives. */
export interface RouteContext {
	engine: Engine;
	params: FormObject;
	path: Record<string, string>;
	/** `publishable` only on the routes Stripe.js may call with a `pk_test_` key. */
	auth: 'secret' | 'publishable';
	/** The `Stripe-Version` the request asked for; `null` means the sandbox's own (`API_VERSION`). */
	stripeVersion: string | null;
}

export interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	publishable?: boolean;
	handler: (ctx: RouteContext) => unknown;
}
