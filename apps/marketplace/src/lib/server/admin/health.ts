import { sql } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { emailOutbox, stripeEvents } from '../db/schema.js';

/** One readiness check: what `/readyz` and `/admin/health` show for it. */
export interface HealthCheck {
	name: 'database' | 'stripe' | 'redis' | 'outbox' | 'webhooks';
	ok: boolean;
	/** One sentence for people; never an error's message (it may hold hosts or keys). */
	detail: string;
	/** How long the check took, in milliseconds (0 for a cached answer). */
	ms: number;
	/** The counts and ages behind the verdict, when the check has any. */
	figures?: Record<string, number | null>;
}

export interface HealthReport {
	ok: boolean;
	/** ISO 8601. */
	checkedAt: string;
	checks: HealthCheck[];
}

export type HealthThresholds = Pick<
	Config['health'],
	'outboxMaxQueued' | 'outboxMaxAgeMs' | 'webhookMaxFailed' | 'webhookMaxAgeMs'
>;

export interface HealthDependencies {
	db: Db;
	/** A cheap, read-only, authenticated Stripe call (e.g. listing one product). */
	probeStripe: () => Promise<unknown>;
	/** The Redis connection, when `REDIS_URL` is set; no check otherwise. */
	redis?: { ping(): Promise<unknown> };
	/** False without SMTP: mail then stays in the outbox on purpose (the dev mailbox reads it). */
	mailConfigured: boolean;
	thresholds: HealthThresholds;
	/** How long a dependency may take before its check fails. @default 3000 */
	timeoutMs?: number;
	/** How long Stripe's answer is reused, so a flood of probes is not a flood of API calls. @default 10_000 */
	stripeCacheMs?: number;
}

/** The webhook inbox's backlog: events not handled yet, those that failed, and the oldest's age. */
export interface WebhookBacklog {
	pending: number;
	failed: number;
	maxAttempts: number;
	oldestPendingSeconds: number | null;
}

/** Reads the backlog from the partial index on pending events (see schema.ts). */
export async function webhookBacklog(db: Db): Promise<WebhookBacklog> {
	const [row] = await db
		.select({
			pending: sql<number>`count(*)`.mapWith(Number),
			failed: sql<number>`count(*) filter (where ${stripeEvents.lastError} is not null)`.mapWith(
				Number
			),
			maxAttempts: sql<number>`coalesce(max(${stripeEvents.attempts}), 0)`.mapWith(Number),
			oldestPendingSeconds: sql<
				number | null
			>`floor(extract(epoch from clock_timestamp() - min(${stripeEvents.receivedAt})))`.mapWith(
				Number
			)
		})
		.from(stripeEvents)
		.where(sql`${stripeEvents.status} = 'pending'`);
	return row ?? { pending: 0, failed: 0, maxAttempts: 0, oldestPendingSeconds: null };
}

/** True when the backlog is within the thresholds; the webhook alert fires when it is not. */
export const webhookBacklogOk = (backlog: WebhookBacklog, thresholds: HealthThresholds) =>
	backlog.failed <= thresholds.webhookMaxFailed &&
	(backlog.oldestPendingSeconds ?? 0) * 1000 <= thresholds.webhookMaxAgeMs;

async function outboxBacklog(db: Db) {
	const [row] = await db
		.select({
			unsent: sql<number>`count(*)`.mapWith(Number),
			oldestUnsentSeconds: sql<
				number | null
			>`floor(extract(epoch from clock_timestamp() - min(${emailOutbox.createdAt})))`.mapWith(
				Number
			)
		})
		.from(emailOutbox)
		.where(sql`${emailOutbox.status} in ('queued', 'sending')`);
	return row ?? { unsent: 0, oldestUnsentSeconds: null };
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const age = (seconds: number | null) => (seconds === null ? 'none' : minutes(seconds * 1000));

/**
 * What an error may say in a health answer: its class and code (`StripeConnectionError`,
 * `ECONNREFUSED`, SQLSTATE `57P01`), never its message.
 */
export function describeFailure(error: unknown): string {
	if (error instanceof TimeoutError) return error.message;
	if (!(error instanceof Error)) return 'failed';
	const code = (error as { code?: unknown }).code;
	const type = (error as { type?: unknown }).type;
	const name = typeof type === 'string' ? type : error.name;
	return typeof code === 'string' && /^[\w.-]{1,40}$/.test(code) ? `${name} (${code})` : name;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Verdict = Omit<HealthCheck, 'name' | 'ms'>;

/** Runs one check with a deadline and a stopwatch; a throw or a timeout is a failed check. */
async function timed(
	name: HealthCheck['name'],
	timeoutMs: number,
	check: () => Promise<Verdict>
): Promise<HealthCheck> {
	const started = performance.now();
	try {
		const verdict = await withTimeout(check(), timeoutMs);
		return { name, ...verdict, ms: Math.round(performance.now() - started) };
	} catch (error) {
		return {
			name,
			ok: false,
			detail: `Failed: ${describeFailure(error)}.`,
			ms: Math.round(performance.now() - started)
		};
	}
}

export interface HealthChecks {
	/** Runs every check at once; concurrent callers share one run. */
	run(): Promise<HealthReport>;
}

/**
 * The readiness checks of `/readyz` and `/admin/health`. Each dependency has a deadline, Stripe's
 * answer is cached for a few seconds, and concurrent probes share one run, so a flood of probes
 * costs one round of queries at a time.
 * @example const report = await createHealthChecks({ db, probeStripe, mailConfigured, thresholds }).run();
 */
export function createHealthChecks(dependencies: HealthDependencies): HealthChecks {
	const { db, probeStripe, redis, mailConfigured, thresholds } = dependencies;
	const timeoutMs = dependencies.timeoutMs ?? 3000;
	const stripeCacheMs = dependencies.stripeCacheMs ?? 10_000;
	let stripeAnswer: { check: HealthCheck; at: number } | undefined;
	let running: Promise<HealthReport> | undefined;

	const stripe = async (): Promise<HealthCheck> => {
		if (stripeAnswer && performance.now() - stripeAnswer.at < stripeCacheMs) {
			return { ...stripeAnswer.check, ms: 0 };
		}
		const check = await timed('stripe', timeoutMs, async () => {
			await probeStripe();
			return { ok: true, detail: 'The API answers.' };
		});
		stripeAnswer = { check, at: performance.now() };
		return check;
	};

	const checks = (): Promise<HealthCheck>[] => [
		timed('database', timeoutMs, async () => {
			await db.execute(sql`select 1`);
			return { ok: true, detail: 'Answers queries.' };
		}),
		stripe(),
		...(redis
			? [
					timed('redis', timeoutMs, async () => {
						await redis.ping();
						return { ok: true, detail: 'Answers PING.' };
					})
				]
			: []),
		timed('outbox', timeoutMs, async () => {
			const { unsent, oldestUnsentSeconds } = await outboxBacklog(db);
			const figures = { unsent, oldestUnsentSeconds };
			const summary = `${unsent} unsent, oldest ${age(oldestUnsentSeconds)}`;
			if (!mailConfigured) {
				return { ok: true, detail: `No SMTP: mail stays in the outbox (${summary}).`, figures };
			}
			const ok =
				unsent <= thresholds.outboxMaxQueued &&
				(oldestUnsentSeconds ?? 0) * 1000 <= thresholds.outboxMaxAgeMs;
			return {
				ok,
				detail: `${summary} (limits ${thresholds.outboxMaxQueued}, ${minutes(thresholds.outboxMaxAgeMs)}).`,
				figures
			};
		}),
		timed('webhooks', timeoutMs, async () => {
			const backlog = await webhookBacklog(db);
			return {
				ok: webhookBacklogOk(backlog, thresholds),
				detail:
					`${backlog.pending} unprocessed, ${backlog.failed} failed, oldest ${age(backlog.oldestPendingSeconds)} ` +
					`(limits ${thresholds.webhookMaxFailed} failed, ${minutes(thresholds.webhookMaxAgeMs)}).`,
				figures: { ...backlog }
			};
		})
	];

	return {
		run() {
			running ??= Promise.all(checks())
				.then((results) => ({
					ok: results.every((check) => check.ok),
					checkedAt: new Date().toISOString(),
					checks: results
				}))
				.finally(() => {
					running = undefined;
				});
			return running;
		}
	};
}

/**
 * What anyone may see: the verdict and each check's name and verdict. Counts, timings and
 * failure details are for admins (session or `ADMIN_API_TOKEN`): they describe the shop's
 * traffic and infrastructure, and timings would help time an attack.
 */
export function publicReport(report: HealthReport) {
	return {
		ok: report.ok,
		checkedAt: report.checkedAt,
		checks: report.checks.map(({ name, ok }) => ({ name, ok }))
	};
}

/**
 * `/readyz`'s answer: 200 when every check passes, else 503 (load balancers and uptime monitors
 * read the status alone); the body in full for admins, the public part for everyone else.
 */
export function readinessResponse(report: HealthReport, { full }: { full: boolean }): Response {
	return Response.json(full ? report : publicReport(report), {
		status: report.ok ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
}
