/**
 * How many digits after the decimal point Stripe uses for a currency's minor unit.
 * This is the one place that knows: everything else asks `currencyExponent`.
 * Lists from Stripe's "zero-decimal" and "three-decimal" currency docs.
 */
// Codes joined by spaces: a three-letter code can only match a whole word.
const ZERO_DECIMAL = 'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf';
const THREE_DECIMAL = 'bhd jod kwd omr tnd';

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
	return ZERO_DECIMAL.includes(code) ? 0 : THREE_DECIMAL.includes(code) ? 3 : 2;
}
