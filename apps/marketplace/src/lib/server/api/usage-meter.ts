import { recordUsage, type UsageStore } from '@nobs-pay/svelte/server';
import { randomBytes } from 'node:crypto';
import { utcDay } from './usage-store.js';

/** Every counted API call, per customer and day (counted here, billed by the plan's price). */
export const API_CALLS_METER = 'api_calls';
/** Calls beyond a `bill` plan's included calls: reported to the Stripe meter of this name. */
export const API_OVERAGE_METER = 'api_overage';

interface Batch {
	identifier: string;
	customer: string;
	meter: string;
	quantity: number;
	timestamp: number;
}

/**
 * Counts API calls in memory and writes them to the usage store in batches (`flush`, every
 * second from the server hook), so a call costs no database write. Each batch is recorded under
 * an identifier of its own, kept when the write fails: a batch retried after a write that did
 * commit is still counted once. Calls counted since the last flush are lost if the process dies.
 */
export function createUsageMeter(options: { store: UsageStore; now?: () => number }) {
	const { store, now = Date.now } = options;
	const instance = randomBytes(6).toString('hex');
	let sequence = 0;
	/** `customer meter day` → calls and the last call's time (seconds). */
	const pending = new Map<string, { quantity: number; timestamp: number }>();
	let retry: Batch[] = [];
	let flushing: Promise<void> | undefined;

	const add = (customer: string, meter: string, quantity: number) => {
		const timestamp = Math.floor(now() / 1000);
		const key = `${customer} ${meter} ${utcDay(timestamp)}`;
		const entry = pending.get(key);
		if (entry) {
			entry.quantity += quantity;
			entry.timestamp = timestamp;
		} else pending.set(key, { quantity, timestamp });
	};

	const write = async () => {
		const batches = retry;
		retry = [];
		for (const [key, { quantity, timestamp }] of pending) {
			const [customer, meter] = key.split(' ') as [string, string];
			batches.push({
				identifier: `${instance}-${++sequence}`,
				customer,
				meter,
				quantity,
				timestamp
			});
		}
		pending.clear();
		for (const [index, batch] of batches.entries()) {
			try {
				await recordUsage({ store, ...batch });
			} catch (error) {
				retry.push(...batches.slice(index));
				throw error;
			}
		}
	};

	return {
		/**
		 * Counts one call of `customer`; `overage` also reports it to the overage meter (a call
		 * beyond the included calls of a `bill` plan).
		 */
		count(customer: string, overage: boolean): void {
			add(customer, API_CALLS_METER, 1);
			if (overage) add(customer, API_OVERAGE_METER, 1);
		},

		/** Writes the calls counted so far; concurrent callers wait for the same write. */
		async flush(): Promise<void> {
			while (flushing) await flushing;
			if (pending.size === 0 && retry.length === 0) return;
			flushing = write().finally(() => (flushing = undefined));
			await flushing;
		},

		/** Calls recorded for `customer` from the day of `since` to today. */
		async callsSince(customer: string, since: Date): Promise<number> {
			const from = Math.floor(since.getTime() / 1000);
			const to = Math.max(from, Math.floor(now() / 1000));
			const days = await store.daily({ customer, meter: API_CALLS_METER, from, to });
			return days.reduce((sum, day) => sum + day.quantity, 0);
		},

		/** Calls recorded for `customer` between two days (`YYYY-MM-DD`, inclusive), by day. */
		async daily(customer: string, from: string, to: string) {
			await this.flush();
			const seconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
			return store.daily({
				customer,
				meter: API_CALLS_METER,
				from: seconds(from),
				to: seconds(to)
			});
		}
	};
}

export type UsageMeter = ReturnType<typeof createUsageMeter>;
