// Data-layer throughput, PGlite next to PostgreSQL (when DATABASE_URL is set):
// orders fulfilled per second and downloads counted per second, with 10 callers at a time.
// Run: pnpm --filter marketplace bench:data
import { performance } from 'node:perf_hooks';
import { consumeDownload } from '../src/lib/server/downloads.js';
import { fulfillOrder } from '../src/lib/server/orders.js';
import { drivers, type TestDatabase } from '../src/lib/server/testing/databases.js';
import { pendingOrder, professional } from '../src/lib/server/testing/orders.js';
import { deriveDownloadToken } from '../src/lib/server/tokens.js';

const ORDERS = 200;
const CONCURRENCY = 10;

async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<number> {
	const started = performance.now();
	for (let i = 0; i < items.length; i += CONCURRENCY) {
		await Promise.all(items.slice(i, i + CONCURRENCY).map(run));
	}
	return items.length / ((performance.now() - started) / 1000);
}

async function bench(database: TestDatabase) {
	const { db } = database;
	const orders = [];
	for (let i = 0; i < ORDERS; i++) orders.push(await pendingOrder(db, [professional]));
	const fulfilled = await inBatches(orders, (order) =>
		fulfillOrder(db, {
			paymentIntentId: order.paymentIntentId,
			amountReceived: order.amount,
			currency: 'usd'
		})
	);
	const tokens = orders.map((order) => deriveDownloadToken(order.accessToken, 0));
	const downloads = await inBatches(tokens, (token) => consumeDownload(db, token));
	return { fulfilled, downloads };
}

const rows: Record<string, string | number>[] = [];
for (const { driver, skip, open } of drivers) {
	if (skip) {
		rows.push({ driver, note: 'skipped: DATABASE_URL is not set' });
		continue;
	}
	const database = await open();
	try {
		const { fulfilled, downloads } = await bench(database);
		rows.push({
			driver,
			'fulfilments/s': Math.round(fulfilled),
			'downloads/s': Math.round(downloads)
		});
	} finally {
		await database.destroy();
	}
}
console.log(`${ORDERS} orders, ${CONCURRENCY} concurrent callers`);
console.table(rows);
