import { planLimits, type PlanLimits } from '../../catalog.js';
import { ApiError } from './api-errors.js';
import type { Entitlement } from './types.js';

/** How long a `past_due` subscription keeps its keys working. */
export const PAST_DUE_GRACE_MS = 7 * 86_400_000;

/** Whether the entitlement lets its keys call the API now; an error to answer if not. */
export function checkEntitlement(
	entitlement: Entitlement | null,
	now: number,
	limitsOf: (planId: string) => PlanLimits | undefined = planLimits
): ApiError | PlanLimits {
	const limits = entitlement ? limitsOf(entitlement.planId) : undefined;
	if (!entitlement || !limits) {
		return new ApiError(
			403,
			'plan_required',
			'This account has no API plan; subscribe on /products.'
		);
	}
	const ended = entitlement.currentPeriodEnd.getTime() <= now;
	switch (entitlement.status) {
		case 'trialing':
		case 'active':
			// A plan set to cancel stops at its period's end, even before Stripe's webhook says so.
			if (entitlement.cancelAtPeriodEnd && ended) break;
			return limits;
		case 'past_due': {
			const since = entitlement.pastDueSince?.getTime() ?? now;
			if (now - since < PAST_DUE_GRACE_MS) return limits;
			return pastDue();
		}
		case 'unpaid':
			return pastDue();
		case 'canceled':
			if (!ended) return limits;
			break;
	}
	return new ApiError(403, 'plan_required', 'This account has no active API plan.');
}

const pastDue = () =>
	new ApiError(
		402,
		'subscription_past_due',
		'The subscription has been past due for 7 days; update the payment method on /account/billing.'
	);
