import { currencyExponent, normalizeCurrency } from './currencies.js';

/** An amount of money: an integer count of the currency's minor unit (cents for USD, yen for JPY). */
export interface Money {
	readonly amount: number;
	/** Lowercase ISO 4217 code, as Stripe writes it. */
	readonly currency: string;
}

/** Thrown when two amounts in different currencies are combined. */
export class CurrencyMismatchError extends Error {
	readonly code = 'currency_mismatch';
	constructor(
		readonly expected: string,
		readonly received: string
	) {
		super(
			`Cannot combine ${received.toUpperCase()} with ${expected.toUpperCase()}: amounts must share one currency.`
		);
		this.name = 'CurrencyMismatchError';
	}
}

function assertMinorUnits(amount: number): void {
	if (!Number.isSafeInteger(amount)) {
		throw new RangeError(
			`Amount ${amount} must be a whole number of minor units (a safe integer).`
		);
	}
}

/**
 * Creates a Money value from minor units.
 * @example money({ amount: 19900, currency: 'usd' }) // $199.00
 */
export function money({ amount, currency }: { amount: number; currency: string }): Money {
	assertMinorUnits(amount);
	return Object.freeze({ amount, currency: normalizeCurrency(currency) });
}

/** The zero amount of a currency. */
export function zero(currency: string): Money {
	return money({ amount: 0, currency });
}

/**
 * Parses a decimal in major units ("199.99", 199.99) into Money without floating-point drift.
 * Rejects more fraction digits than the currency has.
 * @example fromMajor({ value: '19.99', currency: 'usd' }) // { amount: 1999, currency: 'usd' }
 */
export function fromMajor({
	value,
	currency
}: {
	value: string | number;
	currency: string;
}): Money {
	const exponent = currencyExponent(currency);
	const text = String(value).trim();
	const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
	if (!match) throw new TypeError(`"${text}" is not a decimal amount.`);
	const [, sign, whole, fraction = ''] = match;
	if (fraction.length > exponent) {
		throw new RangeError(
			`${currency.toUpperCase()} has ${exponent} decimal places; "${text}" has ${fraction.length}.`
		);
	}
	const digits = whole + fraction.padEnd(exponent, '0');
	return money({ amount: Number(sign + digits), currency });
}

/** `a` plus `sign` times `b`, once both share a currency. */
function combine(a: Money, b: Money, sign: 1 | -1): Money {
	if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
	return money({ amount: a.amount + sign * b.amount, currency: a.currency });
}

/** Adds two amounts of the same currency. */
export function addMoney(a: Money, b: Money): Money {
	return combine(a, b, 1);
}

/** Subtracts `b` from `a` (same currency). */
export function subtractMoney(a: Money, b: Money): Money {
	return combine(a, b, -1);
}

/** Multiplies an amount by a whole quantity. */
export function multiplyMoney(value: Money, quantity: number): Money {
	if (!Number.isSafeInteger(quantity)) {
		throw new RangeError(`Quantity ${quantity} must be a whole number.`);
	}
	return money({ amount: value.amount * quantity, currency: value.currency });
}

/** Sums amounts that share `currency`; an empty list sums to zero. */
export function sumMoney(values: readonly Money[], currency: string): Money {
	return values.reduce(addMoney, zero(currency));
}

/** The amount as an exact decimal string in major units: 1999 USD -> "19.99", 500 JPY -> "500". */
export function toDecimalString(value: Money): string {
	const exponent = currencyExponent(value.currency);
	const sign = value.amount < 0 ? '-' : '';
	const digits = String(Math.abs(value.amount)).padStart(exponent + 1, '0');
	if (exponent === 0) return sign + digits;
	return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export interface FormatMoneyOptions {
	/** BCP 47 locale. @default the runtime's default locale */
	locale?: string;
	/** Drop the minor digits of whole amounts ("$199" rather than "$199.00"). @default false */
	trimWhole?: boolean;
	/** How the currency is shown. @default 'symbol' */
	currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
}

/**
 * Formats Money for people with `Intl.NumberFormat`, using Stripe's minor-unit digits.
 * @example formatMoney(money({ amount: 19900, currency: 'usd' }), { locale: 'en-US', trimWhole: true }) // "$199"
 */
export function formatMoney(value: Money, options: FormatMoneyOptions = {}): string {
	const exponent = currencyExponent(value.currency);
	const whole = value.amount % 10 ** exponent === 0;
	const digits = options.trimWhole && whole ? 0 : exponent;
	const format = new Intl.NumberFormat(options.locale, {
		style: 'currency',
		currency: value.currency.toUpperCase(),
		// Intl's own default is 'symbol'.
		currencyDisplay: options.currencyDisplay,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
	// A decimal string keeps large amounts exact; Intl accepts it as a numeric string.
	return format.format(toDecimalString(value) as unknown as number);
}
