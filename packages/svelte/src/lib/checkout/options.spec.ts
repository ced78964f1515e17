import { afterEach, describe, expect, it, vi } from 'vitest';
import { IMMUTABLE_ELEMENTS_KEYS, diffOptions, isEqual } from './options.js';

describe('diffOptions', () => {
	afterEach(() => vi.restoreAllMocks());

	it('returns only the keys that changed', () => {
		const previous = { amount: 1000, currency: 'usd', appearance: { theme: 'stripe' as const } };
		const next = { amount: 1500, currency: 'usd', appearance: { theme: 'stripe' as const } };
		expect(diffOptions({ previous, next, owner: '<T>' })).toEqual({ amount: 1500 });
	});

	it('compares nested values deeply', () => {
		const previous = { appearance: { variables: { colorPrimary: '#000' } } };
		expect(
			diffOptions({
				previous,
				next: { appearance: { variables: { colorPrimary: '#000' } } },
				owner: '<T>'
			})
		).toBeNull();
		expect(
			diffOptions({
				previous,
				next: { appearance: { variables: { colorPrimary: '#fff' } } },
				owner: '<T>'
			})
		).toEqual({ appearance: { variables: { colorPrimary: '#fff' } } });
	});

	it('reports everything on first use and nothing without next', () => {
		expect(diffOptions({ previous: undefined, next: { layout: 'tabs' }, owner: '<T>' })).toEqual({
			layout: 'tabs'
		});
		expect(diffOptions({ previous: { layout: 'tabs' }, next: undefined, owner: '<T>' })).toBeNull();
	});

	it('leaves out immutable keys and warns once per key', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const immutable = IMMUTABLE_ELEMENTS_KEYS;
		const previous = { mode: 'payment', amount: 100 };

		expect(
			diffOptions({ previous, next: { mode: 'setup', amount: 100 }, immutable, owner: '<Once>' })
		).toBeNull();
		expect(
			diffOptions({
				previous,
				next: { mode: 'subscription', amount: 200 },
				immutable,
				owner: '<Once>'
			})
		).toEqual({
			amount: 200
		});
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0]?.[0]).toMatch(/<Once>: the "mode" option cannot change/);

		diffOptions({
			previous: {},
			next: { paymentMethodCreation: 'manual' },
			immutable,
			owner: '<Once>'
		});
		expect(warn).toHaveBeenCalledTimes(2);
	});
});

describe('isEqual', () => {
	it('tells arrays from objects and compares functions by identity', () => {
		const handler = () => {};
		expect(isEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
		expect(isEqual([1, [2]], [1, [2]])).toBe(true);
		expect(isEqual(handler, handler)).toBe(true);
		expect(isEqual(handler, () => {})).toBe(false);
		expect(isEqual({ a: undefined }, { b: undefined })).toBe(false);
	});
});
