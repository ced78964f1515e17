/**
 * The webhook inbox: remembers which Stripe events were handled, so that Stripe's at-least-once
 * delivery turns into one successful run of your handler per event.
 */

/**
 * What `claim` found:
 * - `'claimed'`: the caller now holds the claim and runs the handler.
 * - `'handled'`: a handler already completed for this event; nothing to do.
 * - `'busy'`: another worker holds an unexpired claim (lease) on it.
 */
export type ClaimResult = 'claimed' | 'handled' | 'busy';

/**
 * Storage for webhook event claims. `memoryInbox()` ships here; a database implementation must
 * make `claim` atomic (one `INSERT … ON CONFLICT` or a conditional `UPDATE`), because concurrent
 * deliveries of one event race on it.
 */
export interface InboxStore {
	/** Claim an event for processing. 'claimed': run the handler now. 'handled': already done.
	 *  'busy': another worker holds an unexpired claim (lease) on it. */
	claim(event: { id: string; type: string }, options: { leaseMs: number }): Promise<ClaimResult>;
	/** Mark handled; called only after the handler succeeded. */
	complete(eventId: string): Promise<void>;
	/** Give the claim back after a failure so the next delivery runs the handler again. */
	release(eventId: string, error: string): Promise<void>;
}

type Entry =
	| { state: 'claimed'; type: string; leaseUntil: number; attempts: number; lastError?: string }
	| { state: 'handled'; type: string; attempts: number; handledAt: number };

/** Options of `memoryInbox`. */
export interface MemoryInboxOptions {
	/** Clock in milliseconds, replaceable in tests. @default Date.now */
	now?: () => number;
	/**
	 * How long a handled event is remembered. Stripe retries a delivery for up to three days, so
	 * forgetting sooner could run a handler twice; never forgetting leaks memory.
	 * @default 4 days
	 */
	retainMs?: number;
}

/** Claims between two sweeps of forgotten events: cheap amortised, bounded memory. */
const SWEEP_EVERY = 1024;

/**
 * An in-memory `InboxStore` for tests, the sandbox and single-process apps. It forgets everything
 * on restart and is not shared between processes: use a database-backed store in production.
 * @example const handler = createWebhookHandler({ stripe, secrets, inbox: memoryInbox(), on });
 */
export function memoryInbox(options: MemoryInboxOptions = {}): InboxStore {
	const now = options.now ?? Date.now;
	const retainMs = options.retainMs ?? 4 * 24 * 60 * 60 * 1000;
	const entries = new Map<string, Entry>();
	let claimsSinceSweep = 0;

	function sweep(): void {
		const cutoff = now() - retainMs;
		for (const [id, entry] of entries) {
			if (entry.state === 'handled' && entry.handledAt < cutoff) entries.delete(id);
		}
	}

	return {
		// No `await` before the read-modify-write: in one JS process this block is atomic, which is
		// what makes concurrent deliveries of the same event see 'busy'.
		async claim(event, { leaseMs }) {
			if (++claimsSinceSweep >= SWEEP_EVERY) {
				claimsSinceSweep = 0;
				sweep();
			}
			const entry = entries.get(event.id);
			if (entry?.state === 'handled') return 'handled';
			if (entry?.state === 'claimed' && entry.leaseUntil > now()) return 'busy';
			entries.set(event.id, {
				state: 'claimed',
				type: event.type,
				leaseUntil: now() + leaseMs,
				attempts: (entry?.attempts ?? 0) + 1
			});
			return 'claimed';
		},
		async complete(eventId) {
			const entry = entries.get(eventId);
			entries.set(eventId, {
				state: 'handled',
				type: entry?.type ?? 'unknown',
				attempts: entry?.attempts ?? 1,
				handledAt: now()
			});
		},
		async release(eventId, error) {
			const entry = entries.get(eventId);
			// Never downgrade a completed event: a late release from a timed-out worker must not
			// make a finished event run again.
			if (entry?.state !== 'claimed') return;
			entries.set(eventId, { ...entry, leaseUntil: 0, lastError: error });
		}
	};
}
