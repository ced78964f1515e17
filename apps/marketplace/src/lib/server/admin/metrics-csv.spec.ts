import { describe, expect, it } from 'vitest';
import { describeEachDriver } from '../testing/databases.js';
import { seedOrder, seedRefund } from '../testing/metrics-seed.js';
import { csvCell, ordersCsv, seriesCsv, toCsv } from './metrics-csv.js';

describe('csvCell', () => {
	it('quotes separators, quotes and line breaks', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
	});

	it('defuses text a spreadsheet would run as a formula', () => {
		expect(['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx'].map(csvCell)).toEqual([
			"'=1+1",
			"'+1",
			"'-2+3",
			"'@SUM(A1)",
			"'\tx"
		]);
		expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
	});

	it('writes numbers, negative ones too, as numbers', () => {
		expect([-5, '-50.00', '12.5', 7].map(csvCell)).toEqual(['-5', '-50.00', '12.5', '7']);
	});
});

describe('seriesCsv', () => {
	it('writes one line per bucket with decimal amounts', () => {
		const csv = seriesCsv({
			currency: 'usd',
			totals: { gross: 0, refunds: 0, net: 0, orders: 0, aov: 0 },
			series: [{ start: '2026-03-01', gross: 19_900, refunds: 25_000, net: -5_100, orders: 1 }],
			byProduct: [],
			bySource: [],
			subscriptions: {
				mrr: 0,
				arr: 0,
				active: 0,
				trialing: 0,
				newMrr: 0,
				expansionMrr: 0,
				contractionMrr: 0,
				churnedMrr: 0,
				reactivationMrr: 0,
				churnRate: null,
				trialConversion: null
			}
		});
		expect(csv).toBe(
			toCsv(
				['start', 'currency', 'gross', 'refunds', 'net', 'orders'],
				[['2026-03-01', 'usd', '199.00', '250.00', '-51.00', 1]]
			)
		);
		expect(csv.split('\r\n')[1]).toBe('2026-03-01,usd,199.00,250.00,-51.00,1');
	});
});

describeEachDriver('ordersCsv', (database) => {
	it('lists the orders paid in the period in local time, with refunds and lines', async () => {
		const { db } = database();
		const paid = await seedOrder(db, {
			paidAt: new Date('2026-07-01T22:30:00Z'),
			lines: [
				{ sku: 'bundle-starter', unitAmount: 19_900, quantity: 2 },
				{ sku: 'bundle-professional', unitAmount: 49_900 }
			]
		});
		await seedRefund(db, { orderId: paid, amount: 1_000, at: new Date('2026-07-05T10:00:00Z') });
		await seedOrder(db, {
			paidAt: new Date('2026-07-02T22:30:00Z'),
			lines: [{ sku: 'x', unitAmount: 1 }]
		});
		const csv = await ordersCsv(db, {
			from: '2026-07-02',
			to: '2026-07-02',
			interval: 'day',
			timeZone: 'Europe/Berlin'
		});
		const lines = csv.trimEnd().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toBe(
			'order_id,paid_at (Europe/Berlin),status,source,external_id,email,currency,amount,refunded,items'
		);
		expect(lines[1]).toMatch(
			new RegExp(
				`^${paid},2026-07-02T00:30:00,paid,stripe,,cus_\\w+@example\\.com,USD,897\\.00,10\\.00,bundle-starter x 2; bundle-professional x 1$`
			)
		);
	});
});
