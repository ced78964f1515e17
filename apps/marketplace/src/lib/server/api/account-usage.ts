import { planLimits } from '../../catalog.js';
import type { Entitlement } from './types.js';
import type { UsageMeter } from './usage-meter.js';

/** An account's API calls this billing period against its plan, for `Billing.Usage`. */
export interface AccountUsage {
	/** Calls this period, the included calls and, for a capped plan, the hard limit. */
	meter: { id: string; name: string; used: number; included: number; limit?: number };
	/** Calls by UTC day, from the period's first day to today. */
	days: { day: string; quantity: number }[];
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The usage `/account/api` (and the billing page) show. Null without an API plan or a billing
 * customer.
 * @example const usage = await accountUsage({ meter, entitlement, customer });
 */
export async function accountUsage(options: {
	meter: UsageMeter;
	entitlement: Entitlement | null;
	customer: string | null;
	now?: Date;
}): Promise<AccountUsage | null> {
	const { meter, entitlement, customer, now = new Date() } = options;
	const limits = entitlement && planLimits(entitlement.planId);
	if (!entitlement || !limits || !customer) return null;
	const end = now < entitlement.currentPeriodEnd ? now : entitlement.currentPeriodEnd;
	const recorded = await meter.daily(customer, isoDay(entitlement.currentPeriodStart), isoDay(end));
	const byDay = new Map(recorded.map((row) => [row.day, row.quantity]));
	const days = [];
	for (
		let day = new Date(isoDay(entitlement.currentPeriodStart));
		day <= end;
		day = new Date(day.getTime() + 86_400_000)
	) {
		days.push({ day: isoDay(day), quantity: byDay.get(isoDay(day)) ?? 0 });
	}
	return {
		meter: {
			id: 'api_calls',
			name: 'API calls',
			used: days.reduce((sum, day) => sum + day.quantity, 0),
			included: limits.callsPerPeriod,
			...(limits.beyondQuota === 'block' && { limit: limits.callsPerPeriod })
		},
		days
	};
}
