import { money, multiplyMoney, subtractMoney, type Money } from '../money/index.js';
import type { BillingInterval, Price, Product } from './catalog.js';

/**
 * Pure pricing rules: which intervals a catalog offers, which price a tier shows, and what paying
 * yearly saves. No Svelte here, so the server and node tests use the same code.
 */

/** Which intervals the switch offers first; a pricing page rarely needs more than three. */
const INTERVAL_PREFERENCE: readonly BillingInterval[] = ['month', 'year', 'week', 'day'];

/** The switch shows at most this many intervals, as Stripe's pricing table does. */
export const MAX_INTERVALS = 3;

/** A price billed once per interval (`intervalCount` 1); "every 3 months" is not a switch option. */
function isSimpleRecurring(price: Price, interval: BillingInterval): boolean {
	return price.recurring?.interval === interval && price.recurring.intervalCount === 1;
}

/**
 * The billing intervals offered by any product, in switch order (monthly first), at most three.
 * @example intervalsOf({ products }) // ['month', 'year']
 */
export function intervalsOf({ products }: { products: readonly Product[] }): BillingInterval[] {
	return INTERVAL_PREFERENCE.filter((interval) =>
		products.some((product) => product.prices.some((price) => isSimpleRecurring(price, interval)))
	).slice(0, MAX_INTERVALS);
}

/**
 * The price a tier shows for an interval: the recurring price billed every `interval`, or else the
 * product's one-time price (a bundle looks the same whatever the switch says). `undefined` when
 * the product has neither, e.g. a "Contact sales" tier.
 */
export function priceFor({
	product,
	interval
}: {
	product: Product;
	interval: BillingInterval | undefined;
}): Price | undefined {
	return (
		product.prices.find((price) => interval && isSimpleRecurring(price, interval)) ??
		product.prices.find((price) => !price.recurring)
	);
}

/** What a yearly price saves against paying monthly for twelve months. */
export interface Saving {
	/** 12 × monthly − yearly, in minor units. Always positive. */
	amount: Money;
	/** The saving as a whole percentage of 12 × monthly, rounded to the nearest point. */
	percent: number;
}

/**
 * The saving of a yearly price over twelve monthly payments, or `undefined` when there is none
 * (yearly costs as much or more, or the prices use different currencies).
 * Computed in integer minor units, so JPY and KWD are exact.
 * @example savingVersusMonthly({ monthly: 1900 USD, yearly: 19000 USD }) // { amount: 3800 USD, percent: 17 }
 */
export function savingVersusMonthly({
	monthly,
	yearly
}: {
	monthly: Price;
	yearly: Price;
}): Saving | undefined {
	if (monthly.currency !== yearly.currency) return undefined;
	const twelveMonths = multiplyMoney(
		money({ amount: monthly.unitAmount, currency: monthly.currency }),
		12
	);
	const amount = subtractMoney(
		twelveMonths,
		money({ amount: yearly.unitAmount, currency: yearly.currency })
	);
	if (amount.amount <= 0) return undefined;
	// Both operands are integers, so the only rounding is the final one, to a whole percent.
	return { amount, percent: Math.round((amount.amount * 100) / twelveMonths.amount) };
}

/**
 * The saving a product's yearly price offers over its monthly price, when it has both.
 */
export function yearlySaving({ product }: { product: Product }): Saving | undefined {
	const monthly = product.prices.find((price) => isSimpleRecurring(price, 'month'));
	const yearly = product.prices.find((price) => isSimpleRecurring(price, 'year'));
	return monthly && yearly ? savingVersusMonthly({ monthly, yearly }) : undefined;
}
