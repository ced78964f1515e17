// The load generator: plain node:http over keep-alive sockets. Lighter on the client than fetch,
// which matters on a 2-core machine where the client and the server share the CPU.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface HttpRequest {
	url: string;
	method?: 'GET' | 'POST';
	headers?: Record<string, string>;
	body?: string;
}

/** One keep-alive connection per concurrent caller, so no request pays for a TCP handshake. */
export function keepAliveAgent(concurrency: number): Agent {
	return new Agent({ keepAlive: true, maxSockets: concurrency });
}

/**
 * Sends one request and reads the whole body, as a browser would before counting it done. A
 * keep-alive socket the server closed while it sat idle (between benchmark phases) is retried
 * on another, as Node's documentation advises (`reusedSocket`): the next free one may have been
 * closed at the same moment, so up to `MAX_STALE_SOCKETS` times.
 */
export async function send(agent: Agent, request: HttpRequest): Promise<HttpResponse> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await sendOnce(agent, request);
		} catch (error) {
			const { reused, code } = error as NodeJS.ErrnoException & { reused?: boolean };
			if (!reused || code !== 'ECONNRESET' || attempt >= MAX_STALE_SOCKETS) throw error;
		}
	}
}

const MAX_STALE_SOCKETS = 5;

function sendOnce(agent: Agent, { url, method = 'GET', headers = {}, body }: HttpRequest) {
	return new Promise<HttpResponse>((resolve, reject) => {
		const req = httpRequest(url, { agent, method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					body: Buffer.concat(chunks).toString('utf8')
				})
			);
			res.on('error', reject);
		});
		req.on('error', (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
		req.end(body);
	});
}

export interface TimedResult {
	/** Requests answered with the expected result. */
	ok: number;
	/** Requests answered with anything else. */
	failed: number;
	seconds: number;
	/** Per-request latencies in milliseconds, sorted. */
	latencies: number[];
}

/**
 * Keeps `concurrency` callers busy for `durationMs`, each sending its next request as soon as the
 * previous one is answered. Requests in flight at the deadline are still counted: the time runs
 * until the last one ends, so the rate is never flattered.
 */
export async function runFor(options: {
	durationMs: number;
	concurrency: number;
	task: () => Promise<boolean>;
}): Promise<TimedResult> {
	const { durationMs, concurrency, task } = options;
	const started = performance.now();
	const deadline = started + durationMs;
	const result = { ok: 0, failed: 0, latencies: [] as number[] };
	async function caller() {
		while (performance.now() < deadline) await timed(task, result);
	}
	await Promise.all(Array.from({ length: concurrency }, caller));
	return finish(result, started);
}

/** Runs `task` once per item with at most `concurrency` at a time; returns when all are done. */
export async function runAll<T>(options: {
	items: readonly T[];
	concurrency: number;
	task: (item: T) => Promise<boolean>;
}): Promise<TimedResult> {
	const { items, concurrency, task } = options;
	const started = performance.now();
	const result = { ok: 0, failed: 0, latencies: [] as number[] };
	let next = 0;
	async function caller() {
		// Single-threaded: reading and bumping `next` cannot interleave between callers.
		while (next < items.length) {
			const item = items[next++] as T;
			await timed(() => task(item), result);
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, caller));
	return finish(result, started);
}

async function timed(
	task: () => Promise<boolean>,
	result: { ok: number; failed: number; latencies: number[] }
) {
	const start = performance.now();
	const ok = await task();
	result.latencies.push(performance.now() - start);
	if (ok) result.ok += 1;
	else result.failed += 1;
}

function finish(
	result: { ok: number; failed: number; latencies: number[] },
	started: number
): TimedResult {
	result.latencies.sort((a, b) => a - b);
	return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** The latency below which `fraction` of the requests finished, in milliseconds. */
export function percentile(sorted: readonly number[], fraction: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
