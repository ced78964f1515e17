import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { serveDownload } from './download-endpoint.js';
import { downloadStatus } from './downloads.js';
import { fulfillOrder } from './orders.js';
import { describeEachDriver, type TestDatabase } from './testing/databases.js';
import { pendingOrder, professional } from './testing/orders.js';
import { deriveDownloadToken } from './tokens.js';

async function freshGrant(database: TestDatabase): Promise<string> {
	const { db } = database;
	const { accessToken, paymentIntentId, amount } = await pendingOrder(db, [professional]);
	await fulfillOrder(db, { paymentIntentId, amountReceived: amount, currency: 'usd' });
	return deriveDownloadToken(accessToken, 0);
}

const request = (method = 'GET', headers: Record<string, string> = {}) =>
	new Request('https://shop.example/download/x', { method, headers });

// A small ZIP in small chunks, so a transfer has a middle to be interrupted in.
const zip = () => new Uint8Array(10_000).fill(7);
const chunkSize = 1_000;

describeEachDriver('serveDownload', (database) => {
	it('counts a download once its whole body was read, and serves the real ZIP', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		const response = await serveDownload({ db, token, request: request() });
		expect(response.status).toBe(200);
		expect(response.headers.get('x-downloads-remaining')).toBe('4');
		const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
		expect(Object.keys(files)).toContain('nobs-pay/README.md');
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 1, remaining: 4 });
	});

	it('counts nothing for HEAD or a prefetch', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		const head = await serveDownload({ db, token, request: request('HEAD'), buildZip: zip });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-type')).toBe('application/zip');
		expect(head.body).toBeNull();
		const prefetch = await serveDownload({
			db,
			token,
			request: request('GET', { 'sec-purpose': 'prefetch' }),
			buildZip: zip
		});
		expect(prefetch.status).toBe(503);
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 0, remaining: 5 });
	});

	it('counts nothing when the client goes away before the last byte', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		const response = await serveDownload({
			db,
			token,
			request: request(),
			buildZip: zip,
			chunkSize
		});
		const reader = response.body!.getReader();
		expect((await reader.read()).value).toHaveLength(chunkSize);
		await reader.cancel(new Error('socket closed'));
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 0, remaining: 5 });
	});

	it('counts nothing when the ZIP cannot be built, and answers 503', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		const response = await serveDownload({
			db,
			token,
			request: request(),
			buildZip: () => {
				throw new Error('sources missing');
			}
		});
		expect(response.status).toBe(503);
		expect(await response.text()).toContain('did not count');
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 0, remaining: 5 });
	});

	it('serves exactly 5 of 20 concurrent full downloads and refuses the rest with 410', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		const responses = await Promise.all(
			Array.from({ length: 20 }, () =>
				serveDownload({ db, token, request: request(), buildZip: zip, chunkSize })
			)
		);
		const bodies = await Promise.all(responses.map((response) => response.arrayBuffer()));
		const served = responses.filter((response) => response.status === 200);
		expect(served).toHaveLength(5);
		expect(responses.filter((response) => response.status === 410)).toHaveLength(15);
		expect(bodies.filter((body) => body.byteLength === 10_000)).toHaveLength(5);
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 5, state: 'exhausted' });
	});

	it('gives an interrupted transfer’s download back to the next request', async () => {
		const { db } = database();
		const token = await freshGrant(database());
		for (let i = 0; i < 4; i++) {
			await (await serveDownload({ db, token, request: request(), buildZip: zip })).arrayBuffer();
		}
		const interrupted = await serveDownload({
			db,
			token,
			request: request(),
			buildZip: zip,
			chunkSize
		});
		// Reserved while in flight: a concurrent request finds the link used up.
		expect((await serveDownload({ db, token, request: request(), buildZip: zip })).status).toBe(
			410
		);
		await interrupted.body!.cancel();
		const last = await serveDownload({ db, token, request: request(), buildZip: zip });
		expect(last.status).toBe(200);
		expect(last.headers.get('x-downloads-remaining')).toBe('0');
		expect((await last.arrayBuffer()).byteLength).toBe(10_000);
		expect(await downloadStatus(db, token)).toMatchObject({ downloads: 5, state: 'exhausted' });
	});
});
