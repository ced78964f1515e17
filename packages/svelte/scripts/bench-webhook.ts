// Webhook throughput: `stripe.webhooks.constructEvent` alone next to the full handler
// (raw body read, signature check, inbox claim, handler, completion, Response) in one run.
// Run: pnpm bench:webhook   (EVENTS=20000 CONCURRENCY=8 ROUNDS=5 change the defaults)
//
// The headline ratio times the handler on Requests built before the clock starts, since a server
// builds them anyway; a second row also times building each Request, a third uses Stripe's own
// SubtleCrypto provider instead of the default one.
import Stripe from 'stripe';
import { createWebhookHandler, memoryInbox } from '../src/lib/server/index.js';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET = 0.25;

const stripe = new Stripe('sk_test_bench');
const secret = 'whsec_bench';
const url = 'https://shop.example/stripe/webhook';

interface Signed {
	payload: string;
	header: string;
}

/** Signed, distinct events, so every delivery is a first delivery that claims and completes. */
function signEvents(round: number): Signed[] {
	return Array.from({ length: EVENTS }, (_, i) => {
		const payload = JSON.stringify({
			id: `evt_bench_${round}_${i}`,
			object: 'event',
			type: 'payment_intent.succeeded',
			api_version: Stripe.API_VERSION,
			created: 1_700_000_000,
			livemode: false,
			pending_webhooks: 1,
			request: { id: null, idempotency_key: null },
			data: {
				object: { id: `pi_bench_${i}`, object: 'payment_intent', amount: 4200, currency: 'usd' }
			}
		});
		return { payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret }) };
	});
}

function toRequest({ payload, header }: Signed): Request {
	return new Request(url, {
		method: 'POST',
		body: payload,
		headers: { 'stripe-signature': header, 'content-type': 'application/json' }
	});
}

function verifyAlone(events: readonly Signed[]): number {
	const start = performance.now();
	for (const { payload, header } of events) stripe.webhooks.constructEvent(payload, header, secret);
	return (events.length / (performance.now() - start)) * 1000;
}

async function fullHandler(
	events: readonly Signed[],
	options: { buildRequestsInside: boolean; cryptoProvider?: Stripe.CryptoProvider }
): Promise<number> {
	let handled = 0;
	const handler = createWebhookHandler({
		stripe,
		secrets: secret,
		inbox: memoryInbox(),
		cryptoProvider: options.cryptoProvider,
		on: {
			'payment_intent.succeeded': async () => {
				handled += 1;
			}
		}
	});
	const prebuilt = options.buildRequestsInside ? [] : events.map(toRequest);
	let next = 0;
	// A server answers several webhooks at once, and Web Crypto signs asynchronously: a
	// sequential loop would measure its latency rather than the throughput.
	async function worker(): Promise<void> {
		while (next < events.length) {
			const i = next++;
			const request = prebuilt[i] ?? toRequest(events[i]!);
			const response = await handler(request);
			if (response.status !== 200) throw new Error(`Unexpected status ${response.status}`);
			// A server writes the body out; 200s have none, so this is nearly free.
			await response.arrayBuffer();
		}
	}
	const start = performance.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const rate = (events.length / (performance.now() - start)) * 1000;
	if (handled !== events.length) throw new Error(`Handled ${handled} of ${events.length} events`);
	return rate;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

const rates = {
	verify: [] as number[],
	handler: [] as number[],
	e2e: [] as number[],
	subtle: [] as number[]
};
// Round 0 warms up the JIT and is not counted.
for (let round = 0; round <= ROUNDS; round++) {
	const events = signEvents(round);
	// Each run gets a fresh inbox, so the same events are first deliveries every time.
	const verify = verifyAlone(events);
	const handler = await fullHandler(events, { buildRequestsInside: false });
	const e2e = await fullHandler(events, { buildRequestsInside: true });
	const subtle = await fullHandler(events, {
		buildRequestsInside: false,
		cryptoProvider: Stripe.createSubtleCryptoProvider()
	});
	if (round === 0) continue;
	rates.verify.push(verify);
	rates.handler.push(handler);
	rates.e2e.push(e2e);
	rates.subtle.push(subtle);
}

// Per-round ratios: both rates of a round share the machine's load at that moment.
const ratioOf = (values: number[]) =>
	median(values.map((rate, round) => rate / rates.verify[round]!));
const row = (values: number[], withRatio = true) => ({
	'events/s': Math.round(median(values)).toLocaleString('en-US'),
	'of verify': withRatio ? `${(ratioOf(values) * 100).toFixed(1)}%` : ''
});
const ratio = ratioOf(rates.handler);

console.log(
	`Node ${process.version}, ${EVENTS} events x ${ROUNDS} rounds (medians), concurrency ${CONCURRENCY}`
);
console.table({
	'stripe.webhooks.constructEvent alone': row(rates.verify, false),
	'createWebhookHandler + memoryInbox': row(rates.handler),
	'  same, building each Request too': row(rates.e2e),
	'  same, Stripe.createSubtleCryptoProvider()': row(rates.subtle)
});
console.log(
	`handler / verify = ${(ratio * 100).toFixed(1)}% (target >= ${TARGET * 100}%): ${ratio >= TARGET ? 'PASS' : 'FAIL'}`
);
process.exitCode = ratio >= TARGET ? 0 : 1;
