/**
 * Proration as Stripe computes it: to the second, over the seconds of the billing period, each
 * line rounded on its own to the smallest currency unit.
 *
 *   amount = round(unit_amount × quantity × (period_end − at) / (period_end − period_start))
 */
export interface ProrationWindow {
	/** When the change takes effect (`proration_date`, or the request time). */
	at: number;
	periodStart: number;
	periodEnd: number;
}

/** The share of `fullAmount` (one whole period) that falls between `at` and the period end. */
export function prorate(fullAmount: number, window: ProrationWindow): number {
	const total = window.periodEnd - window.periodStart;
	const remaining = Math.min(Math.max(window.periodEnd - window.at, 0), total);
	if (total <= 0) return 0;
	return Math.round((fullAmount * remaining) / total);
}

/** Stripe refuses a `proration_date` outside the current period. */
export function inPeriod(at: number, window: Omit<ProrationWindow, 'at'>): boolean {
	return at >= window.periodStart && at <= window.periodEnd;
}
