import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './guard.js';

describe('safeNext', () => {
	it('keeps a path of this site', () => {
		expect(safeNext('/account/billing?tab=invoices')).toBe('/account/billing?tab=invoices');
	});

	it.each([
		null,
		'',
		'https://evil.example/',
		'//evil.example/',
		'/\\evil.example',
		'account',
		'/\t/evil.example',
		'/\n'
	])('sends %j to the account page instead', (next) => {
		expect(safeNext(next)).toBe('/account');
	});

	it('builds the sign-in path that returns there', () => {
		expect(signInPath('/subscribe/api-pro-monthly')).toBe(
			'/sign-in?next=%2Fsubscribe%2Fapi-pro-monthly'
		);
	});
});
