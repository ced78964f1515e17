import type Stripe from 'stripe';
import { z } from 'zod';
import {
	errorResponse,
	HttpError,
	json,
	eventOf,
	readJson,
	type CustomerIdOf,
	type EndpointHandler,
	type RequestEventLike
} from '../http.js';
import { providerError } from '../payment-intent.js';
import {
	cancelSubscription,
	changePlan,
	previewPlanChange,
	resumeSubscription
} from './plan-changes.js';
import { projectSubscription } from './subscriptions.js';
import type { SubscriptionRecord, SubscriptionStore } from './stores.js';

const planRequest = z.discriminatedUnion('action', [
	z.object({ action: z.literal('preview'), price: z.string().min(1).max(255) }),
	z.object({
		action: z.literal('change'),
		price: z.string().min(1).max(255),
		prorationDate: z.number().int().positive().optional()
	}),
	z.object({
		action: z.literal('cancel'),
		atPeriodEnd: z.boolean().optional(),
		reason: z.string().max(500).optional()
	}),
	z.object({ action: z.literal('resume') })
]);

/** The body `createPlanHandler` accepts. */
export type PlanRequest = z.infer<typeof planRequest>;

/** Options of `createPlanHandler`; `Event` as in `PaymentIntentHandlerOptions`. */
export interface PlanHandlerOptions<Event extends RequestEventLike = RequestEventLike> {
	stripe: Stripe;
	store: SubscriptionStore;
	/** The signed-in customer's id (`cus_…`) from your session (`event.locals`); null when signed out. */
	getCustomerId: CustomerIdOf<Event>;
	/** The prices a customer may move to (your catalog's price ids). */
	prices: readonly string[];
	/** Called with Stripe's error before answering 502; log it here. */
	onError?: (error: unknown) => void;
}

const live: readonly SubscriptionRecord['status'][] = ['active', 'trialing', 'past_due', 'unpaid'];

/**
 * Creates a `POST` handler for `Billing.Plan`: `{ action: 'preview', price }` answers the
 * `PlanChangePreview`, `change`, `cancel` and `resume` answer the updated subscription record.
 * The subscription is the signed-in customer's own (from the store, never from the body) and
 * the price must be one of `prices`.
 * @example export const POST: RequestHandler = createPlanHandler({ stripe, store, prices: catalogPriceIds, getCustomerId: ({ locals }) => locals.customerId });
 */
export function createPlanHandler<Event extends RequestEventLike = RequestEventLike>(
	options: PlanHandlerOptions<Event>
): EndpointHandler<Event> {
	const { stripe, store } = options;
	return async function handlePlan(input) {
		const event = eventOf<Event>(input);
		const { request } = event;
		const customer = await options.getCustomerId(event);
		if (!customer) return errorResponse(401, 'not_signed_in', 'Sign in to manage your plan.');
		let body: PlanRequest;
		try {
			const parsed = planRequest.safeParse(await readJson(request));
			if (!parsed.success) return errorResponse(400, 'invalid_request', parsed.error.message);
			body = parsed.data;
		} catch (error) {
			if (error instanceof HttpError) return error.toResponse();
			throw error;
		}
		if ('price' in body && !options.prices.includes(body.price)) {
			return errorResponse(400, 'unknown_price', 'This plan cannot be chosen.');
		}
		const current = (await store.forCustomer(customer)).find((record) =>
			live.includes(record.status)
		);
		if (!current) return errorResponse(404, 'no_subscription', 'You have no subscription yet.');
		const subscription = current.id;
		try {
			if (body.action === 'preview') {
				return json(await previewPlanChange({ stripe, subscription, price: body.price }));
			}
			const updated =
				body.action === 'change'
					? await changePlan({ stripe, subscription, ...body })
					: body.action === 'cancel'
						? await cancelSubscription({ stripe, subscription, ...body })
						: await resumeSubscription({ stripe, subscription });
			const record = projectSubscription(updated);
			await store.upsert(record);
			return json(record);
		} catch (error) {
			// A proration date older than the preview window (or in the future): not Stripe's fault.
			if (error instanceof RangeError) return errorResponse(400, 'preview_expired', error.message);
			options.onError?.(error);
			return providerError();
		}
	};
}
