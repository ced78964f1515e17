import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, Route } from '../state/engine.js';
import { newId } from '../state/store.js';
import { mergeMetadata } from '../state/updates.js';
import { invalidRequest } from '../wire/errors.js';
import {
	bool,
	createdFilter,
	currency,
	expand,
	int,
	listParams,
	metadata,
	parseParams,
	str
} from '../wire/params.js';
import { addToDraft } from './invoices.js';
import { retrieveRoute } from './retrieve.js';

type Decimal = Stripe.InvoiceItem['quantity_decimal'];
const decimal = (value: number | string): Decimal => String(value) as unknown as Decimal;

/** What the sandbox needs to make an invoice item, from the API or from a proration. */
export interface InvoiceItemInput {
	customer: Stripe.Customer;
	currency: string;
	/** The line's total: `unit amount × quantity`, negative for a credit. */
	amount: number;
	quantity: number;
	description: string | null;
	price?: Stripe.Price | undefined;
	subscription?: string | null | undefined;
	subscriptionItem?: string | undefined;
	period?: Stripe.InvoiceItem.Period | undefined;
	proration?: boolean | undefined;
	discountable?: boolean | undefined;
	metadata?: Stripe.Metadata | undefined;
}

/** An invoice item as it would be created, without storing it (invoice previews use it as is). */
export function buildInvoiceItem(engine: Engine, input: InvoiceItemInput): Stripe.InvoiceItem {
	const now = engine.now();
	const item: Stripe.InvoiceItem = {
		id: newId('ii_'),
		object: 'invoiceitem',
		amount: input.amount,
		currency: input.currency,
		customer: input.customer.id,
		customer_account: null,
		date: now,
		description: input.description,
		discountable: input.discountable ?? !input.proration,
		discounts: [],
		invoice: null,
		livemode: false,
		metadata: input.metadata ?? {},
		net_amount: input.amount,
		parent: input.subscription
			? {
					type: 'subscription_details',
					subscription_details: {
						subscription: input.subscription,
						...(input.subscriptionItem ? { subscription_item: input.subscriptionItem } : {})
					}
				}
			: null,
		period: input.period ?? { start: now, end: now },
		pricing: {
			type: 'price_details',
			...(input.price
				? { price_details: { price: input.price.id, product: String(input.price.product) } }
				: {}),
			unit_amount_decimal: decimal(
				input.quantity === 0 ? 0 : input.amount / Math.max(input.quantity, 1)
			)
		},
		proration: input.proration ?? false,
		proration_details: { credited_items: null, discount_amounts: [] },
		quantity: input.quantity,
		quantity_decimal: decimal(input.quantity),
		tax_rates: [],
		test_clock: input.customer.test_clock ?? null
	};
	return item;
}

/** Creates a pending invoice item: the next invoice of its customer (or subscription) collects it. */
export function createInvoiceItem(engine: Engine, input: InvoiceItemInput): Stripe.InvoiceItem {
	const item = engine.invoiceItems.insert(buildInvoiceItem(engine, input));
	engine.emit('invoiceitem.created', item);
	return item;
}

/**
 * The customer's invoice items no invoice has collected yet, oldest first: those of `subscription`
 * and those attached to no subscription (Stripe adds them to the customer's next invoice).
 */
export function pendingInvoiceItems(
	engine: Engine,
	customerId: string,
	subscription: string | null
): Stripe.InvoiceItem[] {
	return [...engine.invoiceItems.values()].filter((item) => {
		const owner = item.parent?.subscription_details?.subscription ?? null;
		return (
			item.invoice === null &&
			item.customer === customerId &&
			(owner === null || owner === subscription)
		);
	});
}

/** How an invoice item appears among an invoice's lines. */
export function invoiceItemLine(
	item: Stripe.InvoiceItem,
	invoiceId: string
): Stripe.InvoiceLineItem {
	const subscription = item.parent?.subscription_details?.subscription ?? null;
	const price = item.pricing?.price_details;
	return {
		id: newId('il_'),
		object: 'line_item',
		amount: item.amount,
		currency: item.currency,
		description: item.description,
		discount_amounts: [],
		discountable: item.discountable,
		discounts: [],
		invoice: invoiceId,
		livemode: false,
		metadata: item.metadata ?? {},
		parent: {
			type: 'invoice_item_details',
			invoice_item_details: {
				invoice_item: item.id,
				proration: item.proration,
				proration_details: { credited_items: null },
				subscription
			},
			subscription_item_details: null
		},
		period: item.period,
		pretax_credit_amounts: [],
		pricing: {
			type: 'price_details',
			...(price
				? {
						price_details: {
							price: typeof price.price === 'string' ? price.price : price.price.id,
							product: price.product
						}
					}
				: {}),
			unit_amount_decimal: item.pricing?.unit_amount_decimal ?? null
		},
		quantity: item.quantity,
		quantity_decimal:
			item.quantity_decimal as unknown as Stripe.InvoiceLineItem['quantity_decimal'],
		subscription,
		subtotal: item.amount,
		taxes: []
	};
}

const period = z.object({ start: int({ min: 0 }), end: int({ min: 0 }) }).strict();
const priceData = z
	.object({
		currency,
		product: str(255),
		tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
		unit_amount: int({ min: -99_999_999, max: 99_999_999 }).optional(),
		unit_amount_decimal: z
			.string()
			.regex(/^-?\d+(\.\d+)?$/)
			.optional()
	})
	.strict();
const decimalParam = z.string().regex(/^-?\d+(\.\d+)?$/, 'Invalid decimal');

const shared = {
	amount: int({ min: -99_999_999, max: 99_999_999 }).optional(),
	description: str(5000).optional(),
	discountable: bool.optional(),
	metadata: metadata.optional(),
	period: period.optional(),
	price_data: priceData.optional(),
	pricing: z
		.object({ price: str(255).optional() })
		.strict()
		.optional(),
	quantity: int({ min: 0, max: 1_000_000_000 }).optional(),
	quantity_decimal: decimalParam.optional(),
	unit_amount_decimal: decimalParam.optional(),
	expand
};

const createSchema = z
	.object({
		...shared,
		customer: str(255).optional(),
		currency: currency.optional(),
		invoice: str(255).optional(),
		subscription: str(255).optional()
	})
	.strict();

const updateSchema = z.object(shared).strict();

/** The unit amount an item is billed at: a price, `price_data`, a decimal, or the whole `amount`. */
function unitAmountOf(
	engine: Engine,
	input: z.infer<typeof updateSchema>,
	currentUnit: number | null
): { unit: number | null; price?: Stripe.Price } {
	if (input.pricing?.price) {
		const price = engine.prices.get(input.pricing.price, 'pricing[price]');
		return { unit: price.unit_amount ?? 0, price };
	}
	if (input.price_data)
		return {
			unit: input.price_data.unit_amount ?? Number(input.price_data.unit_amount_decimal ?? 0)
		};
	if (input.unit_amount_decimal !== undefined) return { unit: Number(input.unit_amount_decimal) };
	if (input.amount !== undefined) return { unit: null };
	return { unit: currentUnit };
}

function quantityOf(input: z.infer<typeof updateSchema>, current: number): number {
	if (input.quantity !== undefined) return input.quantity;
	if (input.quantity_decimal !== undefined) return Number(input.quantity_decimal);
	return current;
}

function pendingOnly(item: Stripe.InvoiceItem): void {
	if (item.invoice !== null)
		throw invalidRequest(
			`You cannot modify invoice item ${item.id} because it is attached to an invoice.`,
			{ code: 'invoice_no_longer_editable' }
		);
}

export const invoiceItemRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/invoiceitems',
		handler: ({ engine, params }) => {
			const input = parseParams(createSchema, params);
			// With `invoice`, the item goes on that draft instead of waiting for the next invoice.
			const draft = input.invoice ? engine.invoices.get(input.invoice, 'invoice') : undefined;
			const customerId = input.customer ?? (draft ? String(draft.customer) : undefined);
			if (!customerId)
				throw invalidRequest('Missing required param: customer.', {
					code: 'parameter_missing',
					param: 'customer'
				});
			const customer = engine.customers.get(customerId, 'customer');
			if (draft && (draft.customer !== customer.id || draft.status !== 'draft'))
				throw invalidRequest(
					`Invoice items can only be added to draft invoices of this customer; ${draft.id} is not one.`,
					{ param: 'invoice' }
				);
			const sub = input.subscription
				? engine.subscriptions.get(input.subscription, 'subscription')
				: undefined;
			if (sub && sub.customer !== customer.id)
				throw invalidRequest('The subscription does not belong to this customer.', {
					param: 'subscription'
				});
			const { unit, price } = unitAmountOf(engine, input, null);
			const quantity = quantityOf(input, 1);
			const amount = unit === null ? (input.amount as number) : Math.round(unit * quantity);
			if (unit === null && input.amount === undefined)
				throw invalidRequest(
					'You must specify either `amount`, `pricing[price]` or `price_data`.',
					{
						code: 'parameter_missing',
						param: 'amount'
					}
				);
			const cur =
				price?.currency ??
				input.price_data?.currency ??
				input.currency ??
				sub?.currency ??
				draft?.currency;
			if (!cur)
				throw invalidRequest('Missing required param: currency.', {
					code: 'parameter_missing',
					param: 'currency'
				});
			if (draft && draft.currency !== cur)
				throw invalidRequest(
					`The invoice item's currency (${cur}) must match the invoice's (${draft.currency}).`,
					{ param: 'currency' }
				);
			return engine.atTime(engine.clockTimeOf(customer.id), () => {
				const item = createInvoiceItem(engine, {
					customer,
					currency: cur,
					amount,
					quantity,
					description: input.description ?? null,
					price,
					subscription: sub?.id,
					period: input.period,
					discountable: input.discountable,
					metadata: input.metadata
				});
				if (draft) addToDraft(draft, item);
				return engine.expand(item, input.expand);
			});
		}
	},
	retrieveRoute('/v1/invoiceitems/:id', (engine) => engine.invoiceItems),
	{
		method: 'POST',
		path: '/v1/invoiceitems/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(updateSchema, params);
			const item = engine.invoiceItems.get(path.id as string);
			pendingOnly(item);
			const current = item.quantity === 0 ? 0 : item.amount / item.quantity;
			const { unit, price } = unitAmountOf(engine, input, current);
			const quantity = quantityOf(input, item.quantity);
			item.amount = unit === null ? (input.amount as number) : Math.round(unit * quantity);
			item.net_amount = item.amount;
			item.quantity = quantity;
			item.quantity_decimal = decimal(quantity);
			if (price)
				item.pricing = {
					type: 'price_details',
					price_details: { price: price.id, product: String(price.product) },
					unit_amount_decimal: decimal(price.unit_amount ?? 0)
				};
			else if (item.pricing) item.pricing.unit_amount_decimal = decimal(unit ?? item.amount);
			if (input.description !== undefined) item.description = input.description || null;
			if (input.discountable !== undefined) item.discountable = input.discountable;
			if (input.period) item.period = input.period;
			if (input.metadata) item.metadata = mergeMetadata(item.metadata ?? {}, input.metadata);
			return engine.expand(item, input.expand);
		}
	},
	{
		method: 'DELETE',
		path: '/v1/invoiceitems/:id',
		handler: ({ engine, path, params }) => {
			parseParams(z.object({}).strict(), params);
			const item = engine.invoiceItems.get(path.id as string);
			pendingOnly(item);
			engine.invoiceItems.delete(item.id);
			engine.emit('invoiceitem.deleted', item);
			const deleted: Stripe.DeletedInvoiceItem = {
				id: item.id,
				object: 'invoiceitem',
				deleted: true
			};
			return deleted;
		}
	},
	{
		method: 'GET',
		path: '/v1/invoiceitems',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z
					.object({
						...listParams,
						created: createdFilter.optional(),
						customer: str(255).optional(),
						invoice: str(255).optional(),
						pending: bool.optional()
					})
					.strict(),
				params
			);
			// Invoice items are dated (`date`), not `created`: the range applies to their date.
			const { created, ...page } = input;
			const range = typeof created === 'number' ? { gte: created, lte: created } : (created ?? {});
			return engine.expand(
				engine.invoiceItems.list(
					page,
					(item) =>
						(range.gt === undefined || item.date > range.gt) &&
						(range.gte === undefined || item.date >= range.gte) &&
						(range.lt === undefined || item.date < range.lt) &&
						(range.lte === undefined || item.date <= range.lte) &&
						(!input.customer || item.customer === input.customer) &&
						(!input.invoice || item.invoice === input.invoice) &&
						(input.pending === undefined || (item.invoice === null) === input.pending)
				),
				input.expand
			);
		}
	}
];
