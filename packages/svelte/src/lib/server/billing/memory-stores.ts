/**
 * In-memory billing stores for tests, docs and single-process demos. They forget everything on
 * restart and are not shared between processes: implement the interfaces on your database.
 * Each method does its read-modify-write without an `await`, so it is atomic in one process.
 */
import type {
	CustomerStore,
	LeasedUsageEvent,
	SubscriptionRecord,
	SubscriptionStore,
	UsageDay,
	UsageEvent,
	UsageStore
} from './stores.js';

/** @example const customers = memoryCustomerStore(); */
export function memoryCustomerStore(): CustomerStore {
	const byAccount = new Map<string, string>();
	const trials = new Set<string>();
	return {
		async get(accountId) {
			return byAccount.get(accountId) ?? null;
		},
		async claim(accountId, customerId) {
			const existing = byAccount.get(accountId);
			if (existing) return existing;
			byAccount.set(accountId, customerId);
			return customerId;
		},
		async trialUsed(customerId) {
			return trials.has(customerId);
		},
		async claimTrial(customerId) {
			if (trials.has(customerId)) return false;
			trials.add(customerId);
			return true;
		}
	};
}

/** @example const subscriptions = memorySubscriptionStore(); */
export function memorySubscriptionStore(): SubscriptionStore {
	const records = new Map<string, SubscriptionRecord>();
	return {
		async get(id) {
			return records.get(id) ?? null;
		},
		async upsert(record) {
			records.set(record.id, { ...record });
		},
		async forCustomer(customerId) {
			return [...records.values()].filter((record) => record.customerId === customerId);
		}
	};
}

type Queued = {
	event: UsageEvent;
	retryAt: number;
	leaseUntil: number;
	attempts: number;
	lastError?: string;
};

/** The UTC day of a timestamp in seconds. */
export function usageDay(timestamp: number): string {
	return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** @example const usage = memoryUsageStore(); */
export function memoryUsageStore(): UsageStore & { readonly outbox: number } {
	const known = new Set<string>();
	const totals = new Map<string, number>();
	const outbox = new Map<string, Queued>();
	const key = (customer: string, meter: string, day: string) => `${customer}\n${meter}\n${day}`;
	return {
		get outbox() {
			return outbox.size;
		},
		async record(event) {
			if (known.has(event.identifier)) return false;
			known.add(event.identifier);
			const day = key(event.customer, event.meter, usageDay(event.timestamp));
			totals.set(day, (totals.get(day) ?? 0) + event.quantity);
			outbox.set(event.identifier, { event: { ...event }, retryAt: 0, leaseUntil: 0, attempts: 0 });
			return true;
		},
		async daily({ customer, meter, from, to }) {
			const days: UsageDay[] = [];
			for (let day = usageDay(from); day <= usageDay(to);) {
				days.push({ day, quantity: totals.get(key(customer, meter, day)) ?? 0 });
				day = usageDay(Date.parse(`${day}T00:00:00Z`) / 1000 + 86_400);
			}
			return days;
		},
		async lease({ limit, leaseMs, now }) {
			const due: LeasedUsageEvent[] = [];
			for (const entry of outbox.values()) {
				if (due.length >= limit) break;
				if (entry.retryAt > now || entry.leaseUntil > now) continue;
				entry.leaseUntil = now + leaseMs;
				due.push({ ...entry.event, attempts: entry.attempts });
			}
			return due;
		},
		async reported(identifier) {
			outbox.delete(identifier);
		},
		async failed(identifier, error, retryAt) {
			const entry = outbox.get(identifier);
			if (entry)
				Object.assign(entry, {
					retryAt,
					leaseUntil: 0,
					attempts: entry.attempts + 1,
					lastError: error
				});
		}
	};
}
