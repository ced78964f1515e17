import { randomBytes } from 'node:crypto';
import { invalidRequest, resourceMissing } from '../wire/errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes are drawn in blocks: one call per id was the sandbox's single largest cost.
const POOL_SIZE = 8_192;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

/** Stripe-style id: its prefix, then 24 base-62 characters. */
export function newId(prefix: string, length = 24): string {
	if (poolOffset + length > POOL_SIZE) {
		pool = randomBytes(POOL_SIZE);
		poolOffset = 0;
	}
	let out = prefix;
	for (let i = 0; i < length; i++)
		out += ALPHABET[(pool[poolOffset + i] as number) % ALPHABET.length];
	poolOffset += length;
	return out;
}

export interface ApiList<T> {
	object: 'list';
	data: T[];
	has_more: boolean;
	url: string;
}

export interface ListOptions {
	limit?: number | undefined;
	/** Objects created at this second, or within this range. */
	created?: number | { gt?: number; gte?: number; lt?: number; lte?: number } | undefined;
	starting_after?: string | undefined;
	ending_before?: string | undefined;
}

/**
 * One resource type's objects in creation order. Lists are newest first, as on Stripe, and
 * paginate by object id (`starting_after` / `ending_before`) rather than by offset.
 */
export class Collection<T extends { id: string }> {
	private readonly byId = new Map<string, T>();
	private order: string[] = [];
	/** Ids before this index have been trimmed away (cheaper than shifting a long array). */
	private head = 0;

	constructor(
		readonly kind: string,
		readonly url: string
	) {}

	get size(): number {
		return this.byId.size;
	}

	insert(object: T): T {
		this.byId.set(object.id, object);
		this.order.push(object.id);
		return object;
	}

	find(id: string): T | undefined {
		return this.byId.get(id);
	}

	get(id: string, param = 'id'): T {
		const found = this.byId.get(id);
		if (!found) throw resourceMissing(this.kind, id, param);
		return found;
	}

	/** Drops the oldest objects until at most `max` remain (for collections with a retention limit). */
	trimTo(max: number): void {
		while (this.byId.size > max && this.head < this.order.length)
			this.byId.delete(this.order[this.head++] as string);
		if (this.head > 50_000 && this.head > this.order.length / 2) {
			this.order = this.order.slice(this.head);
			this.head = 0;
		}
	}

	delete(id: string): void {
		this.byId.delete(id);
	}

	values(): IterableIterator<T> {
		return this.byId.values();
	}

	clear(): void {
		this.byId.clear();
		this.order = [];
		this.head = 0;
	}

	list(
		options: ListOptions,
		filter: (item: T) => boolean = () => true,
		url = this.url
	): ApiList<T> {
		const limit = options.limit ?? 10;
		if (options.starting_after && options.ending_before)
			throw invalidRequest(
				'You may only specify one of these parameters: ending_before, starting_after.',
				{
					param: 'ending_before'
				}
			);
		const newestFirst: T[] = [];
		const inRange = createdMatcher(options.created);
		for (let i = this.order.length - 1; i >= this.head; i--) {
			const item = this.byId.get(this.order[i] as string);
			if (item && inRange(item) && filter(item)) newestFirst.push(item);
		}
		if (options.ending_before) {
			const at = this.indexOf(newestFirst, options.ending_before, 'ending_before');
			const start = Math.max(0, at - limit);
			return { object: 'list', data: newestFirst.slice(start, at), has_more: start > 0, url };
		}
		const from = options.starting_after
			? this.indexOf(newestFirst, options.starting_after, 'starting_after') + 1
			: 0;
		const data = newestFirst.slice(from, from + limit);
		return { object: 'list', data, has_more: from + limit < newestFirst.length, url };
	}

	private indexOf(items: T[], id: string, param: string): number {
		const at = items.findIndex((item) => item.id === id);
		if (at === -1) throw resourceMissing(this.kind, id, param);
		return at;
	}
}

function createdMatcher(created: ListOptions['created']): (item: object) => boolean {
	if (created === undefined) return () => true;
	const range = typeof created === 'number' ? { gte: created, lte: created } : created;
	return (item) => {
		const at = (item as { created?: unknown }).created;
		if (typeof at !== 'number') return true;
		return (
			(range.gt === undefined || at > range.gt) &&
			(range.gte === undefined || at >= range.gte) &&
			(range.lt === undefined || at < range.lt) &&
			(range.lte === undefined || at <= range.lte)
		);
	};
}

/** The test clock: real time plus however far tests have advanced it. */
export class Clock {
	private offset = 0;
	private readonly listeners: Array<(now: number) => void> = [];

	now = (): number => Math.floor(Date.now() / 1000) + this.offset;

	onAdvance(listener: (now: number) => void): void {
		this.listeners.push(listener);
	}

	advance = (seconds: number): number => {
		if (!Number.isFinite(seconds) || seconds < 0)
			throw new RangeError('seconds must be a non-negative number');
		this.offset += Math.floor(seconds);
		const now = this.now();
		for (const listener of this.listeners) listener(now);
		return now;
	};

	reset(): void {
		this.offset = 0;
	}
}
