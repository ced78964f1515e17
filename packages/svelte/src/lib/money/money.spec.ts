import { describe, expect, it } from 'vitest';
import { currencyExponent } from './currencies.js';
import {
	CurrencyMismatchError,
	addMoney,
	formatMoney,
	fromMajor,
	money,
	multiplyMoney,
	sumMoney,
	toDecimalString
} from './money.js';

describe('currencyExponent', () => {
	it('knows zero-, two- and three-decimal currencies in any case', () => {
		expect(currencyExponent('JPY')).toBe(0);
		expect(currencyExponent('krw')).toBe(0);
		expect(currencyExponent('vnd')).toBe(0);
		expect(currencyExponent('clp')).toBe(0);
		expect(currencyExponent('usd')).toBe(2);
		expect(currencyExponent('EUR')).toBe(2);
		for (const code of ['bhd', 'kwd', 'jod', 'omr', 'tnd']) expect(currencyExponent(code)).toBe(3);
	});

	it('rejects something that is not a currency code', () => {
		expect(() => currencyExponent('dollars')).toThrow(/ISO 4217/);
	});
});

describe('money', () => {
	it('refuses fractional minor units', () => {
		expect(() => money({ amount: 19.99, currency: 'usd' })).toThrow(/whole number/);
		expect(() => money({ amount: Number.MAX_SAFE_INTEGER + 2, currency: 'usd' })).toThrow();
	});

	it('parses major units exactly, per currency', () => {
		expect(fromMajor({ value: '19.99', currency: 'usd' }).amount).toBe(1999);
		expect(() => fromMajor({ value: 0.1 + 0.2, currency: 'usd' })).toThrow(/2 decimal places/);
		expect(fromMajor({ value: '500', currency: 'jpy' }).amount).toBe(500);
		expect(fromMajor({ value: '1.234', currency: 'kwd' }).amount).toBe(1234);
		expect(fromMajor({ value: 4.35, currency: 'usd' }).amount).toBe(435);
		expect(() => fromMajor({ value: '1.5', currency: 'jpy' })).toThrow(/0 decimal places/);
		expect(() => fromMajor({ value: 'abc', currency: 'usd' })).toThrow(/not a decimal/);
	});

	it('adds and multiplies without floating-point drift', () => {
		const dime = money({ amount: 10, currency: 'usd' });
		const total = sumMoney([dime, dime, dime], 'usd');
		expect(total.amount).toBe(30);
		expect(multiplyMoney(money({ amount: 1999, currency: 'usd' }), 3).amount).toBe(5997);
		expect(() => multiplyMoney(dime, 1.5)).toThrow(/whole number/);
	});

	it('refuses to mix currencies with a clear error', () => {
		const usd = money({ amount: 100, currency: 'usd' });
		const eur = money({ amount: 100, currency: 'eur' });
		expect(() => addMoney(usd, eur)).toThrow(CurrencyMismatchError);
		expect(() => addMoney(usd, eur)).toThrow('Cannot combine EUR with USD');
	});
});

describe('the money guide', () => {
	it('adds, multiplies and formats as docs/money shows', () => {
		const price = money({ amount: 19900, currency: 'usd' });
		const total = addMoney(multiplyMoney(price, 2), fromMajor({ value: '4.99', currency: 'usd' }));
		expect(formatMoney(total, { locale: 'en-US' })).toBe('$402.99');
		expect(formatMoney(price, { locale: 'en-US', trimWhole: true })).toBe('$199');
	});
});

describe('formatting', () => {
	it('writes exact decimal strings', () => {
		expect(toDecimalString(money({ amount: 5, currency: 'usd' }))).toBe('0.05');
		expect(toDecimalString(money({ amount: -1999, currency: 'usd' }))).toBe('-19.99');
		expect(toDecimalString(money({ amount: 1500, currency: 'jpy' }))).toBe('1500');
		expect(toDecimalString(money({ amount: 1230, currency: 'bhd' }))).toBe('1.230');
	});

	it('formats by locale with the currency’s own digits', () => {
		expect(formatMoney(money({ amount: 19900, currency: 'usd' }), { locale: 'en-US' })).toBe(
			'$199.00'
		);
		expect(
			formatMoney(money({ amount: 149900, currency: 'usd' }), { locale: 'en-US', trimWhole: true })
		).toBe('$1,499');
		expect(formatMoney(money({ amount: 1500, currency: 'jpy' }), { locale: 'ja-JP' })).toBe(
			'￥1,500'
		);
		expect(formatMoney(money({ amount: 1234, currency: 'kwd' }), { locale: 'en-US' })).toBe(
			'KWD\u00a01.234'
		);
		expect(formatMoney(money({ amount: 123456, currency: 'eur' }), { locale: 'de-DE' })).toBe(
			'1.234,56\u00a0€'
		);
	});

	it('keeps large amounts exact', () => {
		const big = money({ amount: 9_007_199_254_740_991, currency: 'usd' });
		expect(formatMoney(big, { locale: 'en-US' })).toBe('$90,071,992,547,409.91');
	});
});
