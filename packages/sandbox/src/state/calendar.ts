import type Stripe from 'stripe';

export const DAY = 86_400;

/** Adds whole billing intervals in UTC, clamping to month ends as Stripe does (Jan 31 → Feb 28). */
export function addInterval(
	from: number,
	interval: Stripe.Price.Recurring.Interval,
	count: number
): number {
	if (interval === 'day') return from + count * DAY;
	if (interval === 'week') return from + count * 7 * DAY;
	const date = new Date(from * 1000);
	const months = interval === 'month' ? count : count * 12;
	const day = date.getUTCDate();
	date.setUTCDate(1);
	date.setUTCMonth(date.getUTCMonth() + months);
	const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	date.setUTCDate(Math.min(day, lastDay));
	return Math.floor(date.getTime() / 1000);
}
