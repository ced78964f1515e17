import { createHmac } from 'node:crypto';

export interface WebhookEndpoint {
	url: string;
	secret: string;
}

/**
 * `Stripe-Signature` as Stripe makes it: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`,
 * keyed with the endpoint's whole `whsec_...` secret, so `stripe.webhooks.constructEvent` accepts it.
 */
export function signPayload(payload: string, secret: string, timestamp: number): string {
	const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
	return `t=${timestamp},v1=${signature}`;
}

interface Delivery {
	endpoint: WebhookEndpoint;
	payload: string;
	attempt: number;
	timer?: NodeJS.Timeout;
}

export interface DeliveryOptions {
	/** First retry delay in ms; doubles each attempt. @default 500 */
	baseDelayMs?: number;
	/** Retry delay ceiling in ms. @default 30000 */
	maxDelayMs?: number;
	/** Per-attempt timeout in ms. @default 10000 */
	timeoutMs?: number;
	/** Unix seconds for the signature timestamp. */
	now: () => number;
}

/**
 * Delivers events to every endpoint, retrying with exponential backoff on a non-2xx answer,
 * a timeout or a dropped connection. Retries never give up while the sandbox runs: Stripe
 * retries for three days, which is longer than any test.
 */
export class WebhookDispatcher {
	readonly endpoints: WebhookEndpoint[] = [];
	private readonly pending = new Set<Delivery>();
	private readonly idleWaiters: Array<() => void> = [];
	private stopped = false;
	delivered = 0;
	failedAttempts = 0;

	constructor(private readonly options: DeliveryOptions) {}

	add(endpoint: WebhookEndpoint): void {
		this.endpoints.push({ url: endpoint.url, secret: endpoint.secret });
	}

	/** Queues the event for every endpoint; returns how many deliveries are now pending for it. */
	dispatch(payload: string): number {
		if (this.stopped) return 0;
		for (const endpoint of this.endpoints) {
			const delivery: Delivery = { endpoint, payload, attempt: 0 };
			this.pending.add(delivery);
			// Deliver after the API response is written: Stripe never sends a webhook before answering.
			delivery.timer = setTimeout(() => void this.attempt(delivery), 0);
		}
		return this.endpoints.length;
	}

	get pendingCount(): number {
		return this.pending.size;
	}

	/** Resolves once nothing is waiting to be delivered (successfully or not). */
	idle(): Promise<void> {
		if (this.pending.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Drops queued deliveries (used by `reset()` so one test's events never reach the next). */
	clearPending(): void {
		for (const delivery of this.pending) clearTimeout(delivery.timer);
		this.pending.clear();
		this.notifyIdle();
	}

	stop(): void {
		this.stopped = true;
		this.clearPending();
	}

	private async attempt(delivery: Delivery): Promise<void> {
		if (!this.pending.has(delivery)) return;
		delivery.attempt++;
		const ok = await this.post(delivery);
		if (!this.pending.has(delivery)) return;
		if (ok) {
			this.delivered++;
			this.pending.delete(delivery);
			this.notifyIdle();
			return;
		}
		this.failedAttempts++;
		const { baseDelayMs = 500, maxDelayMs = 30_000 } = this.options;
		const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (delivery.attempt - 1));
		delivery.timer = setTimeout(() => void this.attempt(delivery), delay);
	}

	private async post(delivery: Delivery): Promise<boolean> {
		const { payload, endpoint } = delivery;
		try {
			const response = await fetch(endpoint.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json; charset=utf-8',
					'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
					'stripe-signature': signPayload(payload, endpoint.secret, this.options.now())
				},
				body: payload,
				signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000)
			});
			// Drain the body so the connection is released.
			await response.arrayBuffer().catch(() => undefined);
			return response.status >= 200 && response.status < 300;
		} catch {
			return false;
		}
	}

	private notifyIdle(): void {
		if (this.pending.size > 0) return;
		for (const resolve of this.idleWaiters.splice(0)) resolve();
	}
}
