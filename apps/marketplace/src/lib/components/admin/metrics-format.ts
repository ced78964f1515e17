import { formatMoney, money } from '@nobs-pay/svelte';
import { findProduct } from '../../catalog.js';

/** How the dashboard writes its figures, in one place. */

/** Minor units as money: `$1,234.50`; negative amounts keep their sign. */
export const formatAmount = (amount: number, currency: string) =>
	formatMoney(money({ amount, currency }), { locale: 'en-US' });

/** A ratio (0.3333) as a percentage ("33.3%"); null (nothing to divide by) is "n/a". */
export const formatRatio = (ratio: number | null) =>
	ratio === null
		? 'n/a'
		: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);

export const formatCount = (count: number) => new Intl.NumberFormat('en-US').format(count);

/** The catalog name of a product id, or the id itself (an SKU outside the catalog). */
export const productName = (productId: string) => findProduct(productId)?.name ?? productId;

const SOURCES: Record<string, string> = {
	stripe: 'Stripe checkout',
	gumroad: 'Gumroad',
	lemonsqueezy: 'Lemon Squeezy',
	manual: 'Manual'
};
export const sourceName = (source: string) => SOURCES[source] ?? source;

/** A local date (`2026-03-29`) as "Mar 29, 2026", without shifting it through a time zone. */
export const formatDay = (day: string) =>
	new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(`${day}T00:00:00Z`)
	);

/** A chart axis label: "Nov 29". */
export const formatTick = (day: string) =>
	new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${day}T00:00:00Z`)
	);
