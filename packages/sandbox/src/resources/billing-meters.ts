import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Engine, MeterEventRecord, Route } from '../state/engine.js';
import { DAY } from '../state/calendar.js';
import { newId } from '../state/store.js';
import { invalidRequest, resourceMissing } from '../wire/errors.js';
import { expand, int, listParams, parseParams, str } from '../wire/params.js';
import { retrieveRoute } from './retrieve.js';

const HOUR = 3_600;
/** Stripe takes events up to 35 calendar days old and up to 5 minutes ahead. */
const OLDEST_EVENT = 35 * DAY;
const NEWEST_EVENT = 5 * 60;

const payloadKey = z.string().min(1).max(100);

const meterCreate = z
	.object({
		default_aggregation: z.object({ formula: z.enum(['count', 'last', 'sum']) }).strict(),
		display_name: str(250).min(1),
		event_name: str(100).min(1),
		customer_mapping: z
			.object({ event_payload_key: payloadKey, type: z.literal('by_id') })
			.strict()
			.optional(),
		event_time_window: z.enum(['day', 'hour']).optional(),
		value_settings: z.object({ event_payload_key: payloadKey }).strict().optional(),
		expand
	})
	.strict();

const meterEventCreate = z
	.object({
		event_name: str(100).min(1),
		payload: z.record(z.string().max(100), str(500)),
		identifier: str(100).min(1).optional(),
		timestamp: int({ min: 0 }).optional(),
		expand
	})
	.strict();

const adjustmentCreate = z
	.object({
		event_name: str(100).min(1),
		type: z.literal('cancel'),
		cancel: z
			.object({ identifier: str(100).min(1).optional() })
			.strict()
			.optional(),
		expand
	})
	.strict();

const summaryList = z
	.object({
		...listParams,
		customer: str(255),
		start_time: int({ min: 0 }),
		end_time: int({ min: 0 }),
		value_grouping_window: z.enum(['day', 'hour']).optional()
	})
	.strict();

const activeMeterFor = (engine: Engine, eventName: string): Stripe.Billing.Meter | undefined => {
	for (const meter of engine.meters.values())
		if (meter.status === 'active' && meter.event_name === eventName) return meter;
	return undefined;
};

/** Moves a meter between `active` and `inactive`, with Stripe's event for the move. */
function setStatus(
	engine: Engine,
	id: string,
	status: Stripe.Billing.Meter.Status
): Stripe.Billing.Meter {
	const meter = engine.meters.get(id);
	if (meter.status === status)
		throw invalidRequest(`This meter is already ${status}.`, { param: 'id' });
	if (status === 'active') {
		const clash = activeMeterFor(engine, meter.event_name);
		if (clash)
			throw invalidRequest(
				`An active meter (\`${clash.id}\`) already uses the event name \`${meter.event_name}\`.`
			);
	}
	meter.status = status;
	meter.status_transitions.deactivated_at = status === 'inactive' ? engine.now() : null;
	meter.updated = engine.now();
	engine.emit(
		status === 'active' ? 'billing.meter.reactivated' : 'billing.meter.deactivated',
		meter
	);
	return meter;
}

/**
 * Records one usage event. As on Stripe, the payload is checked against the meter later: an event
 * naming no active meter, no customer or a non-numeric value is accepted but counts nowhere (Stripe
 * reports those through `billing.meter.error_report_triggered`, which the sandbox does not send).
 */
function recordMeterEvent(
	engine: Engine,
	input: z.infer<typeof meterEventCreate>
): Stripe.Billing.MeterEvent {
	const identifier = input.identifier ?? newId('mev_');
	if (engine.meterEvents.has(identifier))
		throw invalidRequest(`An event already exists with identifier \`${identifier}\`.`, {
			param: 'identifier'
		});
	const meter = activeMeterFor(engine, input.event_name);
	const customer = meter ? (input.payload[meter.customer_mapping.event_payload_key] ?? null) : null;
	// A customer on a test clock lives in the clock's time: its events default to it and are checked against it.
	const now = engine.clockTimeOf(customer) ?? engine.now();
	const timestamp = input.timestamp ?? now;
	if (timestamp < now - OLDEST_EVENT || timestamp > now + NEWEST_EVENT)
		throw invalidRequest(
			'Timestamp must be within the past 35 calendar days and no more than 5 minutes in the future.',
			{ param: 'timestamp' }
		);
	const event: Stripe.Billing.MeterEvent = {
		object: 'billing.meter_event',
		created: engine.now(),
		event_name: input.event_name,
		identifier,
		livemode: false,
		payload: input.payload,
		timestamp
	};
	const raw = meter ? input.payload[meter.value_settings.event_payload_key] : undefined;
	const value = raw !== undefined && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : null;
	const record: MeterEventRecord = {
		event,
		meter: meter?.id ?? null,
		customer,
		value,
		canceled: false
	};
	engine.meterEvents.set(identifier, record);
	if (meter) {
		const usage = engine.meterUsage.get(meter.id) ?? [];
		usage.push(record);
		engine.meterUsage.set(meter.id, usage);
	}
	return event;
}

/**
 * A meter's aggregate for one customer over `[start, end)`: the sum of the values, the number of
 * events, or the value of the latest event, as its `default_aggregation.formula` says.
 */
export function aggregateUsage(
	engine: Engine,
	meterId: string,
	customer: string,
	start: number,
	end: number
): number {
	const meter = engine.meters.get(meterId, 'meter');
	const formula = meter.default_aggregation.formula;
	let total = 0;
	let last: MeterEventRecord | undefined;
	for (const record of engine.meterUsage.get(meterId) ?? []) {
		const at = record.event.timestamp;
		if (record.canceled || record.customer !== customer || at < start || at >= end) continue;
		if (formula === 'count') total += 1;
		else if (record.value === null) continue;
		else if (formula === 'sum') total += record.value;
		else if (!last || at >= last.event.timestamp) last = record;
	}
	return formula === 'last' ? (last?.value ?? 0) : total;
}

function summaries(
	engine: Engine,
	meter: Stripe.Billing.Meter,
	input: z.infer<typeof summaryList>
): Stripe.Billing.MeterEventSummary[] {
	const { start_time: start, end_time: end } = input;
	const window = input.value_grouping_window;
	const step = window === 'day' ? DAY : window === 'hour' ? HOUR : end - start;
	const unit = window === 'day' ? 'day' : window === 'hour' ? 'hour' : 'minute';
	for (const [param, value] of [
		['start_time', start],
		['end_time', end]
	] as const)
		if (value % (window ? step : 60) !== 0)
			throw invalidRequest(`\`${param}\` must be aligned with ${unit} boundaries.`, { param });
	if (end <= start)
		throw invalidRequest('`end_time` must be after `start_time`.', { param: 'end_time' });
	const out: Stripe.Billing.MeterEventSummary[] = [];
	for (let from = start; from < end; from += step) {
		const to = Math.min(from + step, end);
		out.push({
			// Stable ids, so `starting_after` pages through the same windows on every call.
			id: `mtrusg_${createHash('sha256').update(`${meter.id}:${input.customer}:${from}:${to}`).digest('hex').slice(0, 24)}`,
			object: 'billing.meter_event_summary',
			aggregated_value: aggregateUsage(engine, meter.id, input.customer, from, to),
			end_time: to,
			livemode: false,
			meter: meter.id,
			start_time: from
		});
	}
	return out.reverse();
}

/** Pages a computed list as Stripe pages stored ones: newest first, by id. */
function page<T extends { id: string }>(
	items: T[],
	input: {
		limit?: number | undefined;
		starting_after?: string | undefined;
		ending_before?: string | undefined;
	},
	url: string
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
	const limit = input.limit ?? 10;
	const at = (id: string, param: string): number => {
		const index = items.findIndex((item) => item.id === id);
		if (index === -1) throw resourceMissing('billing.meter_event_summary', id, param);
		return index;
	};
	if (input.ending_before) {
		const end = at(input.ending_before, 'ending_before');
		const begin = Math.max(0, end - limit);
		return { object: 'list', data: items.slice(begin, end), has_more: begin > 0, url };
	}
	const from = input.starting_after ? at(input.starting_after, 'starting_after') + 1 : 0;
	return {
		object: 'list',
		data: items.slice(from, from + limit),
		has_more: from + limit < items.length,
		url
	};
}

export const billingMeterRoutes: Route[] = [
	{
		method: 'POST',
		path: '/v1/billing/meters',
		handler: ({ engine, params }) => {
			const input = parseParams(meterCreate, params);
			const clash = activeMeterFor(engine, input.event_name);
			if (clash)
				throw invalidRequest(
					`An active meter (\`${clash.id}\`) already uses the event name \`${input.event_name}\`.`,
					{ param: 'event_name' }
				);
			const now = engine.now();
			const meter: Stripe.Billing.Meter = {
				id: newId('mtr_test_'),
				object: 'billing.meter',
				created: now,
				customer_mapping: {
					event_payload_key: input.customer_mapping?.event_payload_key ?? 'stripe_customer_id',
					type: 'by_id'
				},
				default_aggregation: { formula: input.default_aggregation.formula },
				display_name: input.display_name,
				event_name: input.event_name,
				event_time_window: input.event_time_window ?? null,
				livemode: false,
				status: 'active',
				status_transitions: { deactivated_at: null },
				updated: now,
				value_settings: { event_payload_key: input.value_settings?.event_payload_key ?? 'value' }
			};
			engine.meters.insert(meter);
			engine.emit('billing.meter.created', meter);
			return engine.expand(meter, input.expand);
		}
	},
	retrieveRoute('/v1/billing/meters/:id', (engine) => engine.meters),
	{
		method: 'POST',
		path: '/v1/billing/meters/:id',
		handler: ({ engine, path, params }) => {
			const input = parseParams(
				z.object({ display_name: str(250).min(1).optional(), expand }).strict(),
				params
			);
			const meter = engine.meters.get(path.id as string);
			const previous: Record<string, unknown> = {};
			if (input.display_name !== undefined && input.display_name !== meter.display_name) {
				previous.display_name = meter.display_name;
				meter.display_name = input.display_name;
				meter.updated = engine.now();
			}
			engine.emit('billing.meter.updated', meter, previous);
			return engine.expand(meter, input.expand);
		}
	},
	{
		method: 'GET',
		path: '/v1/billing/meters',
		handler: ({ engine, params }) => {
			const input = parseParams(
				z.object({ ...listParams, status: z.enum(['active', 'inactive']).optional() }).strict(),
				params
			);
			return engine.expand(
				engine.meters.list(input, (meter) => !input.status || meter.status === input.status),
				input.expand
			);
		}
	},
	...(['deactivate', 'reactivate'] as const).map((action): Route => ({
		method: 'POST',
		path: `/v1/billing/meters/:id/${action}`,
		handler: ({ engine, path, params }) => {
			const input = parseParams(z.object({ expand }).strict(), params);
			const meter = setStatus(
				engine,
				path.id as string,
				action === 'deactivate' ? 'inactive' : 'active'
			);
			return engine.expand(meter, input.expand);
		}
	})),
	{
		method: 'GET',
		path: '/v1/billing/meters/:id/event_summaries',
		handler: ({ engine, path, params }) => {
			const input = parseParams(summaryList, params);
			const meter = engine.meters.get(path.id as string);
			engine.customers.get(input.customer, 'customer');
			return page(
				summaries(engine, meter, input),
				input,
				`/v1/billing/meters/${meter.id}/event_summaries`
			);
		}
	},
	{
		method: 'POST',
		path: '/v1/billing/meter_events',
		handler: ({ engine, params }) => {
			const input = parseParams(meterEventCreate, params);
			return recordMeterEvent(engine, input);
		}
	},
	{
		method: 'POST',
		path: '/v1/billing/meter_event_adjustments',
		handler: ({ engine, params }) => {
			const input = parseParams(adjustmentCreate, params);
			const identifier = input.cancel?.identifier;
			if (!identifier)
				throw invalidRequest('Missing required param: cancel[identifier].', {
					code: 'parameter_missing',
					param: 'cancel[identifier]'
				});
			const record = engine.meterEvents.get(identifier);
			if (record && record.event.event_name === input.event_name) record.canceled = true;
			const adjustment: Stripe.Billing.MeterEventAdjustment = {
				object: 'billing.meter_event_adjustment',
				cancel: { identifier },
				event_name: input.event_name,
				livemode: false,
				// Stripe applies adjustments asynchronously; the sandbox applies them at once.
				status: 'complete',
				type: 'cancel'
			};
			return adjustment;
		}
	}
];
