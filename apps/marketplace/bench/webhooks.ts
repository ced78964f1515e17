// Fulfilled webhook events per second over HTTP, through the whole endpoint: signature check,
// inbox claim, order fulfilment (licence key, download grants, receipt queued) and completion,
// all in the app's database.
//
// Set-up goes through the real HTTP path and is timed apart: POST /api/checkout records each
// pending order and creates its PaymentIntent in the sandbox; the bench then confirms the intents
// in the sandbox, so genuine `payment_intent.succeeded` events exist, reads them back from the
// sandbox's /v1/events and signs them itself.
//
// Each database is measured twice: the app over HTTP, and the bare driver sending the same
// statements (bare.ts), at the same number of events in flight. Their ratio is the app's overhead
// on top of the database's own work. All four run in turns, at 8 and at 64 in flight, after an
// unmeasured warm-up, each batch with its connections already open; each row also gives the CPU
// time per event of the bench's process and of the app's, which the machine's load hardly moves.
import type { Sandbox } from '@nobs-pay/sandbox';
import type { Agent } from 'node:http';
import Stripe from 'stripe';
import { z } from 'zod';
import type { BareDatabase, BareEvent } from './bare.js';
import { ownCpuMs, pidListeningOn, processCpuMs } from './cpu.js';
import { keepAliveAgent, percentile, runAll, send } from './load.js';

export interface WebhookTarget {
	/** The database, e.g. `PGlite`: the app and the bare reference of one database share it. */
	name: string;
	appUrl: string;
	/** The same statements sent straight to the driver on a database of the same kind. */
	bare: BareDatabase;
	/** CPU time so far of the database's server processes, in ms, if it has any (PostgreSQL). */
	serverCpuMs?: () => number;
}

export interface WebhookBenchOptions {
	targets: readonly WebhookTarget[];
	sandbox: Sandbox;
	webhookSecret: string;
	/** Deliveries in flight at once, as Stripe sends them in parallel: one run each. @default [8, 64] */
	levels?: readonly number[];
	/** Events per target and level, at least 12 rounds of the level's concurrency. @default 300 */
	orders?: number;
	/** Turns each target takes per level; every turn delivers a slice of the events. @default 3 */
	batches?: number;
	/**
	 * Events each contender handles before the first level, unmeasured, at the lowest level's
	 * concurrency: the bare driver's code is already compiled by its seeding, the app's handler
	 * path is not, and the first measured batch would time V8 compiling it. @default 100
	 */
	warmup?: number;
}

interface Delivery {
	payload: string;
	header: string;
}

// What /api/checkout answers; it crosses a process boundary, so it is checked, not assumed.
const checkoutAnswer = z.object({
	orderId: z.string(),
	orderUrl: z.string().startsWith('/'),
	clientSecret: z.string().regex(/^pi_\w+_secret_\w+$/)
});

/** One measured contender: the app over HTTP or the bare driver, on one database. */
interface Contender<T> {
	database: string;
	path: 'app over HTTP' | 'bare driver';
	/** Handled before the first level, outside the clock. */
	warmup: T[];
	items: T[][];
	task: (item: T) => Promise<boolean>;
	/** Called before a level's batches (-1: before the warm-up), outside the clock. */
	beforeLevel?: (level: number) => void;
	/**
	 * Called before every batch, outside the clock: opens the connections the batch will use, so
	 * neither side pays for connecting inside its measured time.
	 */
	warm: (concurrency: number) => Promise<void>;
	verify: () => Promise<boolean>;
	/** The app's process, whose CPU time is counted beside the bench's own. */
	appPid?: number;
	/** The database server's CPU time so far (`WebhookTarget.serverCpuMs`). */
	serverCpuMs?: () => number;
}

export interface WebhookRow {
	database: string;
	path: Contender<unknown>['path'];
	concurrency: number;
	events: number;
	fulfilled: number;
	failed: number;
	fulfilledPerSecond: number;
	p50: number;
	p99: number;
	/**
	 * CPU time per fulfilled event, in ms, as the kernel counts it (10 ms ticks, summed over the
	 * batches): the bench's own process (the HTTP client, or the bare driver and, for PGlite, the
	 * database itself), the app's process (with its PGlite thread) and PostgreSQL's server
	 * processes (`server`, undefined for PGlite, which runs inside the bench or the app).
	 */
	cpuMsPerEvent: { bench: number; app: number | undefined; server: number | undefined };
	verified: boolean;
}

export async function benchWebhooks(options: WebhookBenchOptions) {
	const { targets, sandbox, webhookSecret, levels = [8, 64], batches = 3, warmup = 100 } = options;
	const perLevel = levels.map((concurrency) => Math.max(options.orders ?? 300, concurrency * 12));
	const total = warmup + perLevel.reduce((sum, count) => sum + count, 0);
	const stripe = new Stripe(sandbox.secretKey, sandbox.stripeConfig);
	const agent = keepAliveAgent(Math.max(...levels));
	const context = { stripe, agent, orders: total, concurrency: 10 };
	// Splits one list into the levels' shares, after the warm-up's.
	const byLevel = <T>(all: T[]) =>
		perLevel.map((count, i) => {
			const start = warmup + sum(perLevel.slice(0, i));
			return all.slice(start, start + count);
		});

	const contenders: Contender<unknown>[] = [];
	const setup = [];
	for (const target of targets) {
		const prepared = await prepare(target, context);
		setup.push({
			database: target.name,
			checkoutsPerSecond: prepared.checkoutsPerSecond,
			failures: prepared.setupFailures
		});
		// Signed just before they are sent: Stripe's signatures expire after 5 minutes, and a run
		// on a loaded machine can take longer than that between set-up and the last level.
		const sign = (delivery: Delivery) => {
			delivery.header = stripe.webhooks.generateTestHeaderString({
				payload: delivery.payload,
				secret: webhookSecret
			});
		};
		const items = byLevel(prepared.deliveries);
		const appWarmup = prepared.deliveries.slice(0, warmup);
		const app: Contender<Delivery> = {
			database: target.name,
			path: 'app over HTTP',
			warmup: appWarmup,
			items,
			beforeLevel: (level) => (level < 0 ? appWarmup : items[level])?.forEach(sign),
			// Stripe's deliveries reuse keep-alive connections; the server closes idle ones after
			// 5 s, which a batch of the other contenders can outlast on a loaded machine.
			warm: (concurrency) => openConnections(agent, target, concurrency),
			// Only a first delivery that ran the handler to the end counts as fulfilled.
			task: async (delivery) => {
				const response = await deliver(agent, target, delivery);
				return response.status === 200 && response.headers['x-webhook-result'] === 'handled';
			},
			appPid: pidListeningOn(Number(new URL(target.appUrl).port)),
			serverCpuMs: target.serverCpuMs,
			verify: () => {
				prepared.deliveries.slice(0, 10).forEach(sign);
				return verify(agent, target, prepared.deliveries, prepared.created);
			}
		};
		const events = await target.bare.prepare(total);
		const bare: Contender<BareEvent> = {
			database: target.name,
			path: 'bare driver',
			warmup: events.slice(0, warmup),
			items: byLevel(events),
			task: target.bare.handle,
			warm: () => target.bare.warm(),
			serverCpuMs: target.serverCpuMs,
			// A second run of an event must find it handled, as a redelivery does in the app.
			verify: async () =>
				(await Promise.all(events.slice(0, 10).map(target.bare.handle))).every((ok) => !ok)
		};
		contenders.push(app as Contender<unknown>, bare as Contender<unknown>);
	}

	const warmupConcurrency = Math.min(...levels);
	for (const contender of contenders) {
		contender.beforeLevel?.(-1);
		await contender.warm(warmupConcurrency);
		const result = await runAll({
			items: contender.warmup,
			concurrency: warmupConcurrency,
			task: contender.task
		});
		if (result.failed > 0) {
			throw new Error(`${contender.database}, ${contender.path}: the warm-up failed.`);
		}
	}

	// Contenders take turns with slices of each level's events, so a burst of load from other
	// processes on the shared machine hits them alike.
	const rows: WebhookRow[] = [];
	for (const [level, concurrency] of levels.entries()) {
		const results = contenders.map(() => ({
			ok: 0,
			failed: 0,
			seconds: 0,
			latencies: [] as number[],
			benchCpuMs: 0,
			appCpuMs: 0,
			serverCpuMs: 0
		}));
		const count = perLevel[level] ?? 0;
		for (const contender of contenders) contender.beforeLevel?.(level);
		const batchSize = Math.ceil(count / batches);
		for (let start = 0; start < count; start += batchSize) {
			for (const [i, contender] of contenders.entries()) {
				await contender.warm(concurrency);
				// The server's first: scanning /proc costs CPU that must stay out of the bench's figure.
				const server = contender.serverCpuMs?.() ?? 0;
				const cpuBefore = { server, bench: ownCpuMs(), app: appCpuMs(contender) };
				const result = await runAll({
					items: (contender.items[level] ?? []).slice(start, start + batchSize),
					concurrency,
					task: contender.task
				});
				const total = results[i]!;
				total.benchCpuMs += ownCpuMs() - cpuBefore.bench;
				total.appCpuMs += appCpuMs(contender) - cpuBefore.app;
				total.serverCpuMs += (contender.serverCpuMs?.() ?? 0) - cpuBefore.server;
				total.ok += result.ok;
				total.failed += result.failed;
				total.seconds += result.seconds;
				total.latencies.push(...result.latencies);
			}
		}
		for (const [i, contender] of contenders.entries()) {
			const result = results[i]!;
			result.latencies.sort((a, b) => a - b);
			rows.push({
				database: contender.database,
				path: contender.path,
				concurrency,
				events: count,
				fulfilled: result.ok,
				failed: result.failed,
				fulfilledPerSecond: result.ok / result.seconds,
				p50: percentile(result.latencies, 0.5),
				p99: percentile(result.latencies, 0.99),
				cpuMsPerEvent: {
					bench: result.benchCpuMs / result.ok,
					app: contender.appPid ? result.appCpuMs / result.ok : undefined,
					server: contender.serverCpuMs ? result.serverCpuMs / result.ok : undefined
				},
				verified: false
			});
		}
	}
	for (const contender of contenders) {
		const verified = await contender.verify();
		for (const row of rows) {
			if (row.database === contender.database && row.path === contender.path) {
				row.verified = verified;
			}
		}
	}
	agent.destroy();
	return { rows, setup, batches };
}

const appCpuMs = (contender: Contender<unknown>) =>
	contender.appPid ? processCpuMs(contender.appPid) : 0;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Pending orders, paid in the sandbox, and their events signed: everything before the clock starts. */
async function prepare(
	target: WebhookTarget,
	context: {
		stripe: Stripe;
		agent: Agent;
		orders: number;
		concurrency: number;
	}
) {
	const { stripe, agent, orders, concurrency } = context;

	// 1. Pending orders, each with its PaymentIntent, through the storefront's own endpoint.
	const created: z.infer<typeof checkoutAnswer>[] = [];
	const checkouts = await runAll({
		items: Array.from({ length: orders }, (_, i) => i),
		concurrency,
		task: async (i) => {
			const response = await send(agent, {
				url: `${target.appUrl}/api/checkout`,
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					items: [{ sku: 'bundle-professional', quantity: 1 }],
					email: `bench-${i}@example.com`
				})
			});
			const answer = checkoutAnswer.safeParse(JSON.parse(response.body));
			if (response.status !== 200 || !answer.success) return false;
			created.push(answer.data);
			return true;
		}
	});

	// 2. Paid in the sandbox, which records one `payment_intent.succeeded` event per intent.
	const intentIds = new Set(
		created.map(({ clientSecret }) => clientSecret.split('_secret_')[0] ?? '')
	);
	const confirmations = await runAll({
		items: [...intentIds],
		concurrency,
		task: async (id) => {
			const intent = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
			return intent.status === 'succeeded';
		}
	});

	// 3. The events as the sandbox would deliver them. Signing is Stripe's work, not our
	// endpoint's, so it stays outside the measured time (see `sign` above).
	const deliveries: Delivery[] = [];
	for await (const event of stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
		if (event.type !== 'payment_intent.succeeded' || !intentIds.has(event.data.object.id)) continue;
		const payload = JSON.stringify(event);
		deliveries.push({ payload, header: '' });
	}

	return {
		created,
		deliveries,
		checkoutsPerSecond: checkouts.ok / checkouts.seconds,
		setupFailures: checkouts.failed + confirmations.failed + (orders - deliveries.length)
	};
}

/**
 * `count` keep-alive connections to the app, open and idle: as many concurrent requests to the
 * liveness check (no database), answered before the clock starts.
 */
async function openConnections(agent: Agent, target: WebhookTarget, count: number) {
	const opened = await runAll({
		items: Array.from({ length: count }, (_, i) => i),
		concurrency: count,
		task: async () => (await send(agent, { url: `${target.appUrl}/healthz` })).status === 200
	});
	if (opened.failed > 0) throw new Error(`${target.name}: /healthz failed while warming up.`);
}

function deliver(agent: Agent, target: WebhookTarget, { payload, header }: Delivery) {
	return send(agent, {
		url: `${target.appUrl}/api/stripe/webhook`,
		method: 'POST',
		headers: { 'content-type': 'application/json', 'stripe-signature': header },
		body: payload
	});
}

/**
 * Proof the work was done, outside the clock: redeliveries are recognised as duplicates, and
 * order pages show the licence key that fulfilment issued.
 */
async function verify(
	agent: Agent,
	target: WebhookTarget,
	deliveries: readonly Delivery[],
	created: readonly { orderUrl: string }[]
): Promise<boolean> {
	const redelivered = await runAll({
		items: deliveries.slice(0, 10),
		concurrency: 5,
		task: async (delivery) =>
			(await deliver(agent, target, delivery)).headers['x-webhook-result'] === 'duplicate'
	});
	const pages = await runAll({
		items: created.slice(0, 5),
		concurrency: 5,
		task: async ({ orderUrl }) => {
			const response = await send(agent, { url: target.appUrl + orderUrl });
			return response.status === 200 && response.body.includes('data-testid="license-key"');
		}
	});
	return redelivered.ok > 0 && redelivered.failed === 0 && pages.ok > 0 && pages.failed === 0;
}
