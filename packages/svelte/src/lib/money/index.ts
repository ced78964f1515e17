export { currencyExponent, normalizeCurrency } from './currencies.js';
export {
	CurrencyMismatchError,
	addMoney,
	formatMoney,
	fromMajor,
	money,
	multiplyMoney,
	subtractMoney,
	sumMoney,
	toDecimalString,
	zero,
	type FormatMoneyOptions,
	type Money
} from './money.js';
