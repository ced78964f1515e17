import type { APIRequestContext, Page } from '@playwright/test';
import {
	gumroadPingBody,
	lemonSqueezyOrderBody,
	lemonSqueezySignature
} from '../src/lib/server/sources/fixtures';
import { signIn } from './support/accounts';
import { ADMIN_EMAIL, GUMROAD_PING_SECRET, LEMONSQUEEZY_SIGNING_SECRET } from './support/env';
import { expect, mailboxSchema, test } from './support/fixtures';
import { expectNoViolations } from './support/pages';

const pingPath = `/api/gumroad/ping/${GUMROAD_PING_SECRET}`;
const unique = () => `${Date.now()}${Math.floor(Math.random() * 1e6)}`;

/** POSTs a ping as Gumroad does: form-encoded, from a server, so without an Origin header. */
const postPing = (request: APIRequestContext, body: string) =>
	request.post(pingPath, {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: body
	});

const postLemonSqueezy = (request: APIRequestContext, body: string, signature: string) =>
	request.post('/api/lemonsqueezy/webhook', {
		headers: {
			'content-type': 'application/json',
			'x-signature': signature,
			'x-event-name': 'order_created'
		},
		data: body
	});

/** Polls the development mailbox until the buyer's receipt is there, and returns its download link. */
async function receiptDownloadLink(request: APIRequestContext, email: string) {
	let text = '';
	await expect
		.poll(
			async () => {
				const { messages } = mailboxSchema.parse(
					await (await request.get('/dev/mail.json')).json()
				);
				const receipts = messages.filter((message) => message.to === email);
				text = receipts[0]?.text ?? '';
				return receipts.length;
			},
			{ message: `a receipt to ${email}` }
		)
		.toBe(1);
	const link = /\S+: (http:\/\/\S+\/downloads\/[A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
	expect(link).not.toBe('');
	expect(text).toMatch(/License key: NOBS(-[A-Z2-7]{4}){8}/);
	return new URL(link).pathname;
}

/** Follows a receipt's download link to a ZIP through the page's button, as a buyer does. */
async function downloadZip(page: Page, path: string, filename: string) {
	await page.goto(path);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download the ZIP' }).click()
	]);
	expect(download.suggestedFilename()).toBe(filename);
	const zip = await (await download.createReadStream()).toArray().then(Buffer.concat);
	expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
}

test('a Gumroad sale ping becomes one order whose receipt leads to a download; its refund revokes it', async ({
	page,
	request
}) => {
	const saleId = `${unique()}==`;
	const email = `gumroad-${unique()}@example.com`;
	const body = gumroadPingBody({ saleId, email });

	const first = await postPing(request, body);
	expect(first.status(), await first.text()).toBe(200);
	expect(await first.json()).toEqual({ ok: true, outcome: 'fulfilled' });
	const replay = await postPing(request, body);
	expect(await replay.json()).toEqual({ ok: true, outcome: 'replay' });

	const path = await receiptDownloadLink(request, email);
	await downloadZip(page, path, 'bundle-starter.zip');

	const wrongSecret = await request.post('/api/gumroad/ping/not-the-secret', {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: body
	});
	expect(wrongSecret.status()).toBe(403);

	const refund = await postPing(request, gumroadPingBody({ saleId, email, refunded: true }));
	expect(await refund.json()).toEqual({ ok: true, outcome: 'refunded' });
	await page.goto(path);
	await expect(
		page.getByText('This link was revoked because the order was refunded.')
	).toBeVisible();
});

test('a Gumroad sale at another price is held, not fulfilled, and the admins find it under Held sales', async ({
	page,
	request
}) => {
	const saleId = `${unique()}==`;
	const email = `held-${unique()}@example.com`;
	// Starter is $199.00 in the catalog; this sale says $1.00 was paid.
	const response = await postPing(request, gumroadPingBody({ saleId, email, price: 100 }));
	expect(await response.json()).toEqual({ ok: true, outcome: 'amount-mismatch' });

	await signIn(page, ADMIN_EMAIL, '/admin/sales');
	await expect(page.getByRole('heading', { level: 1, name: 'Held sales' })).toBeVisible();
	const row = page.getByRole('row').filter({ hasText: saleId });
	await expect(row).toContainText(email);
	await expect(row).toContainText('$1.00');
	await expect(row).toContainText('catalog: $199.00');
	await expect(row).toContainText('the amount paid differs from the catalog price');
	await expectNoViolations(page);
});

test('a signed Lemon Squeezy order is fulfilled once; a tampered one is refused', async ({
	page,
	request
}) => {
	const orderId = Number(unique().slice(-12));
	const email = `lemon-${unique()}@example.com`;
	const body = lemonSqueezyOrderBody({ orderId, email });
	const signature = lemonSqueezySignature(body, LEMONSQUEEZY_SIGNING_SECRET);

	const tampered = await postLemonSqueezy(
		request,
		body.replace(email, 'thief@example.com'),
		signature
	);
	expect(tampered.status()).toBe(401);
	const deliveries = await Promise.all(
		[1, 2, 3].map(() => postLemonSqueezy(request, body, signature))
	);
	const outcomes = await Promise.all(
		deliveries.map(async (response) => (await response.json()).outcome)
	);
	expect(outcomes.sort()).toEqual(['fulfilled', 'replay', 'replay']);

	const path = await receiptDownloadLink(request, email);
	await downloadZip(page, path, 'bundle-professional.zip');
});

test('form posts from other sites are still refused everywhere but the Ping URL', async ({
	request
}) => {
	const response = await request.post('/api/checkout', {
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: 'https://evil.example'
		},
		data: 'items=1'
	});
	expect(response.status()).toBe(403);
	expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
});
