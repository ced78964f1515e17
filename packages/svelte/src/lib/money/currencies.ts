/**
 * How many digits after the decimal point Stripe uses for a currency's minor unit.
 * This is the one place that knows: everything else asks `currencyExponent`.
 * Lists from Stripe's "zero-decimal" and "three-decimal" currency docs.
 */
const ZERO_DECIMAL = new Set([
	'bif',
	'clp',
	'djf',
	'gnf',
	'jpy',
	'kmf',
	'krw',
	'mga',
	'pyg',
	'rwf',
	'ugx',
	'vnd',
	'vuv',
	'xaf',
	'xof',
	'xpf'
]);

const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

const CURRENCY_CODE = /^[a-z]{3}$/;

/** Normalises an ISO 4217 code to Stripe's lowercase form, or throws on anything else. */
export function normalizeCurrency(currency: string): string {
	const code = currency.trim().toLowerCase();
	if (!CURRENCY_CODE.test(code)) {
		throw new TypeError(`"${currency}" is not a three-letter ISO 4217 currency code.`);
	}
	return code;
}

/**
 * Digits in the minor unit of a currency, as Stripe counts them.
 * @example currencyExponent('jpy') // 0; currencyExponent('usd') // 2; currencyExponent('kwd') // 3
 */
export function currencyExponent(currency: string): 0 | 2 | 3 {
	const code = normalizeCurrency(currency);
	if (ZERO_DECIMAL.has(code)) return 0;
	if (THREE_DECIMAL.has(code)) return 3;
	return 2;
}
