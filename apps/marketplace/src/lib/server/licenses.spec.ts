import { expect, it } from 'vitest';
import { licensedProjects, validateLicenseKey } from './licenses.js';
import { fulfillOrder } from './orders.js';
import { describeEachDriver } from './testing/databases.js';
import { apiPlan, pendingOrder, professional, starter } from './testing/orders.js';
import { deriveLicenseKey, licenseKeyPrefix, newAccessToken } from './tokens.js';

describeEachDriver('validateLicenseKey', (database) => {
	it('accepts a paid order’s key as pasted, with stray spaces or in lower case', async () => {
		const { db } = database();
		const { accessToken, paymentIntentId, amount } = await pendingOrder(db);
		const key = deriveLicenseKey(accessToken);
		expect(await validateLicenseKey(db, key)).toEqual({ status: 'unknown' });

		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		expect(await validateLicenseKey(db, key)).toMatchObject({
			status: 'valid',
			prefix: licenseKeyPrefix(key)
		});
		expect(await validateLicenseKey(db, `  ${key.toLowerCase()}\n`)).toMatchObject({
			status: 'valid'
		});
	});

	it('covers as many projects as the bundle quantities bought', async () => {
		const { db } = database();
		const lines = [{ ...professional, quantity: 4 }, apiPlan];
		const { accessToken, paymentIntentId, amount } = await pendingOrder(db, lines);
		await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
		expect(await validateLicenseKey(db, deriveLicenseKey(accessToken))).toMatchObject({
			status: 'valid',
			projects: 4
		});
	});

	it('answers unknown for a well-formed key nobody bought and for garbage', async () => {
		const { db } = database();
		expect(await validateLicenseKey(db, deriveLicenseKey(newAccessToken()))).toEqual({
			status: 'unknown'
		});
		expect(await validateLicenseKey(db, 'NOBS-1234')).toEqual({ status: 'unknown' });
	});
});

it('counts the projects of every bundle line and no plan', () => {
	expect(licensedProjects([{ ...professional, quantity: 4 }, starter, apiPlan])).toBe(6);
	expect(licensedProjects([apiPlan])).toBe(0);
});
