/**
 * Bad input never crashes the sandbox: thousands of random requests (wrong methods, unknown paths,
 * malformed and huge bodies, wrong types, bad keys) must each get an answer, never a 5xx, and the
 * API must still work afterwards.
 */
import { request, Agent } from 'node:http';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../src/index.js';

const REQUESTS = 4_000;
const CONCURRENCY = 16;

/** Mulberry32: a seeded generator, so a failure can be replayed with the same FUZZ_SEED. */
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const random = rng(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const PATHS: string[] = [
	'/v1/customers',
	'/v1/customers/cus_x',
	'/v1/products',
	'/v1/products/prod_x',
	'/v1/prices',
	'/v1/payment_intents',
	'/v1/payment_intents/pi_x',
	'/v1/payment_intents/pi_x/confirm',
	'/v1/payment_intents/pi_x/cancel',
	'/v1/payment_intents/pi_x/capture',
	'/v1/payment_methods',
	'/v1/payment_methods/pm_card_visa/attach',
	'/v1/refunds',
	'/v1/charges',
	'/v1/events',
	'/v1/checkout/sessions',
	'/v1/checkout/sessions/cs_x/expire',
	'/v1/subscriptions',
	'/v1/subscriptions/sub_x',
	'/v1/invoices',
	'/v1/billing_portal/sessions',
	'/v1/setup_intents',
	'/v1/nope',
	'/v2/core/events',
	'/_sandbox/clock/advance',
	'/_sandbox/webhooks',
	'/_sandbox/nope',
	'/3ds/pi_x',
	'/c/pay/cs_x',
	'/p/session/bps_x',
	'/elements/payment',
	'/elements/%E0%A4%A',
	'/v1/customers/%ZZ',
	'/',
	'/v3/stripe.js'
];
const KEYS = [
	'amount',
	'currency',
	'customer',
	'metadata',
	'items',
	'line_items',
	'expand',
	'limit',
	'starting_after',
	'mode',
	'price',
	'payment_method',
	'confirm',
	'email',
	'recurring',
	'seconds',
	'url',
	'__proto__',
	'constructor'
];
const KEYS_WITH_IDS: string[] = [];
const VALUES = [
	'',
	'1000',
	'-1',
	'0',
	'99999999999999999999',
	'1e309',
	'NaN',
	'usd',
	'USD',
	'xyz',
	'true',
	'pm_card_visa',
	'pm_card_chargeDeclined',
	'cus_missing',
	'💳',
	'%00',
	'a'.repeat(6_000),
	'<script>alert(1)</script>'
];

function randomKey(depth = 0): string {
	let key = pick(KEYS);
	const nesting = Math.floor(random() * (depth > 0 ? 12 : 3));
	for (let i = 0; i < nesting; i++)
		key += pick(['[]', '[0]', '[7]', '[price]', '[k]', '[', ']', '[[x]]', '[__proto__]', '[1001]']);
	return key;
}

function randomBody(): string | Buffer {
	const kind = random();
	if (kind < 0.55) {
		const pairs: string[] = [];
		const n = Math.floor(random() * 8);
		for (let i = 0; i < n; i++)
			pairs.push(
				`${encodeURIComponent(randomKey(random() < 0.1 ? 1 : 0))}=${encodeURIComponent(pick(VALUES))}`
			);
		return pairs.join('&');
	}
	if (kind < 0.65)
		return JSON.stringify({
			seconds: pick([1, -1, 'x', 1e308, null]),
			url: pick(['http://127.0.0.1:1/x', 'nope']),
			secret: pick(['whsec_x', ''])
		});
	if (kind < 0.75)
		return Buffer.from(
			Array.from({ length: Math.floor(random() * 2_000) }, () => Math.floor(random() * 256))
		);
	if (kind < 0.8) return 'amount=' + '9'.repeat(1_100_000); // over the 1 MB limit
	if (kind < 0.9) return '%E0%A4%A&a=%&b=%%%' + '&x[y][z]'.repeat(50);
	return '';
}

interface Answer {
	status: number;
	body: string;
}

function send(agent: Agent, base: URL, sandbox: Sandbox): Promise<Answer> {
	const method = pick(['GET', 'POST', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS']);
	const body = method === 'GET' ? '' : randomBody();
	const query =
		random() < 0.3 ? `?${encodeURIComponent(randomKey())}=${encodeURIComponent(pick(VALUES))}` : '';
	const headers: Record<string, string> = {
		'content-type': pick([
			'application/x-www-form-urlencoded',
			'application/json',
			'text/plain',
			'multipart/form-data'
		]),
		authorization: pick([
			`Bearer ${sandbox.secretKey}`,
			`Bearer ${sandbox.secretKey}`,
			`Bearer ${sandbox.publishableKey}`,
			'Bearer sk_live_x',
			'Basic !!!',
			'',
			`Bearer ${'k'.repeat(400)}`
		])
	};
	if (random() < 0.2) headers['idempotency-key'] = pick(['k1', 'k2', 'x'.repeat(300)]);
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: base.hostname, port: base.port, method, path: pick(PATHS) + query, headers, agent },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
				);
			}
		);
		// The server may stop reading an oversized body after answering 413; that is an answer too.
		req.on('error', (error: NodeJS.ErrnoException) =>
			error.code === 'EPIPE' || error.code === 'ECONNRESET'
				? resolve({ status: 413, body: '' })
				: reject(error)
		);
		req.end(body);
	});
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0 });
	// Real objects, so random requests also reach the state machines, not only the 404 path.
	const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
	const customer = await stripe.customers.create({
		email: 'fuzz@example.com',
		payment_method: 'pm_card_visa',
		invoice_settings: { default_payment_method: 'pm_card_visa' }
	});
	const price = await stripe.prices.create({
		currency: 'usd',
		unit_amount: 900,
		recurring: { interval: 'month' },
		product_data: { name: 'Fuzz' }
	});
	const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
	const paid = await stripe.paymentIntents.create({
		amount: 1000,
		currency: 'usd',
		payment_method: 'pm_card_visa',
		confirm: true
	});
	const sub = await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: price.id }]
	});
	const session = await stripe.checkout.sessions.create({
		mode: 'subscription',
		line_items: [{ price: price.id }],
		success_url: 'https://x.example/ok'
	});
	const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });
	for (const id of [customer.id, price.id, String(price.product)]) KEYS_WITH_IDS.push(id);
	PATHS.push(
		`/v1/customers/${customer.id}`,
		`/v1/prices/${price.id}`,
		`/v1/products/${String(price.product)}`,
		`/v1/payment_intents/${open.id}`,
		`/v1/payment_intents/${open.id}/confirm`,
		`/v1/payment_intents/${paid.id}/cancel`,
		`/v1/subscriptions/${sub.id}`,
		`/v1/invoices/${String(sub.latest_invoice)}/pay`,
		`/v1/checkout/sessions/${session.id}`,
		`/c/pay/${session.id}`,
		`/p/session/${portal.id}`,
		`/3ds/${open.id}`,
		`/v1/customers/${customer.id}/payment_methods`
	);
});
afterAll(async () => {
	await sandbox.stop();
});

test(`${REQUESTS} random requests each get a Stripe-shaped 4xx or a success, never a crash (seed ${seed})`, async () => {
	const base = new URL(sandbox.url);
	const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const statuses = new Map<number, number>();
	const serverErrors: string[] = [];
	let answered = 0;
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < REQUESTS) {
			next++;
			const answer = await send(agent, base, sandbox);
			answered++;
			statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
			if (answer.status >= 500 || answer.status < 100)
				serverErrors.push(`${answer.status} ${answer.body.slice(0, 200)}`);
			if (answer.status >= 400 && answer.body.startsWith('{')) {
				const parsed = JSON.parse(answer.body) as { error?: { type?: unknown; message?: unknown } };
				if (typeof parsed.error?.type !== 'string' || typeof parsed.error.message !== 'string')
					serverErrors.push(`not Stripe-shaped: ${answer.body.slice(0, 200)}`);
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	agent.destroy();
	expect(serverErrors).toEqual([]);
	expect(answered).toBe(REQUESTS);
	expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
	const health = await fetch(`${sandbox.url}/_sandbox/health`, {
		headers: { authorization: `Bearer ${sandbox.secretKey}` }
	});
	expect(health.status).toBe(200);
});
