import { expect, it } from 'vitest';
import { describeEachDriver } from '../testing/databases.js';
import { renderMessage } from '../email.js';
import { createUsageAlerts, renderUsageAlert, type UsageAlert } from './usage-alerts.js';

describeEachDriver('usage alerts', (database) => {
	const period = {
		periodStart: new Date('2026-11-01T00:00:00Z'),
		periodEnd: new Date('2026-12-01T00:00:00Z')
	};

	it('sends 80 % and 100 % once per period, even from two instances', async () => {
		const sent: UsageAlert[] = [];
		const send = async (alert: UsageAlert) => {
			sent.push(alert);
		};
		const a = createUsageAlerts({ db: database().db, send });
		const b = createUsageAlerts({ db: database().db, send });
		const call = (used: number, periodStart = period.periodStart) =>
			Promise.all(
				[a, b].map((alerts) =>
					alerts.check({
						accountId: 'acct_alerts',
						used,
						included: 10,
						capped: true,
						...period,
						periodStart
					})
				)
			);
		for (const used of [1, 7]) await call(used);
		expect(sent).toEqual([]);
		for (const used of [8, 9, 9]) await call(used);
		expect(sent.map((alert) => [alert.percent, alert.used])).toEqual([[80, 8]]);
		for (const used of [10, 11]) await call(used);
		expect(sent.map((alert) => alert.percent)).toEqual([80, 100]);
		// The next period alerts again.
		await call(10, new Date('2026-12-01T00:00:00Z'));
		expect(sent.map((alert) => alert.percent)).toEqual([80, 100, 80, 100]);
	});
});

it('renders the alert as HTML and text that say what happens at the quota', () => {
	const alert: UsageAlert = {
		accountId: 'a',
		percent: 100,
		used: 10_000,
		included: 10_000,
		capped: true,
		periodEnd: new Date('2026-12-01T00:00:00Z')
	};
	const links = { usage: 'https://shop.test/account/api', plans: 'https://shop.test/#plans' };
	const capped = renderMessage(renderUsageAlert(alert, links));
	expect(capped.subject).toBe('You have used all 10,000 API calls of this period');
	expect(capped.text).toContain('429 quota_exceeded');
	expect(capped.text).toContain('https://shop.test/account/api');
	expect(capped.html).toContain('<a href="https://shop.test/account/api">');
	const billed = renderMessage(
		renderUsageAlert(
			{ ...alert, percent: 80, used: 200_000, included: 250_000, capped: false },
			links
		)
	);
	expect(billed.subject).toBe('You have used 80% of your API calls');
	expect(billed.text).toContain('billed as overage');
});
