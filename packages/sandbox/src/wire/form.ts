import { invalidRequest } from './errors.js';

/** A decoded form value: Stripe's bracket syntax nests objects (`metadata[k]`) and arrays (`items[0][price]`). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

// Bounds that keep a hostile body from costing more than a normal one.
const MAX_DEPTH = 8;
const MAX_KEYS = 2_000;
const MAX_INDEX = 1_000;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits `items[0][price]` into `['items', '0', 'price']`. */
function segments(key: string): string[] {
	const open = key.indexOf('[');
	if (open === -1) return [key];
	const parts = [key.slice(0, open)];
	const rest = key.slice(open);
	const re = /\[([^[\]]*)\]/gy;
	let match: RegExpExecArray | null;
	let consumed = 0;
	while ((match = re.exec(rest)) !== null) {
		parts.push(match[1] ?? '');
		consumed = re.lastIndex;
	}
	if (consumed !== rest.length) throw invalidRequest(`Invalid parameter name: ${key}`);
	return parts;
}

const isIndex = (segment: string): boolean => segment === '' || /^\d+$/.test(segment);

/**
 * Decodes an `application/x-www-form-urlencoded` body (or a query string) the way Stripe reads it.
 * Arrays come back compacted in index order: Stripe treats indices as ordering keys, not positions.
 */
export function parseForm(text: string): FormObject {
	const root: FormObject = {};
	const pairs = new URLSearchParams(text);
	let count = 0;
	for (const [key, value] of pairs) {
		if (++count > MAX_KEYS) throw invalidRequest('Too many parameters in the request.');
		const path = segments(key);
		if (path.length > MAX_DEPTH) throw invalidRequest(`Parameter nested too deeply: ${key}`);
		if (path[0] === '') throw invalidRequest(`Invalid parameter name: ${key}`);
		let node: FormObject | FormValue[] = root;
		for (let i = 0; i < path.length; i++) {
			const seg = path[i] as string;
			if (FORBIDDEN.has(seg)) throw invalidRequest(`Invalid parameter name: ${key}`);
			const last = i === path.length - 1;
			const nextIsIndex = !last && isIndex(path[i + 1] as string);
			if (Array.isArray(node)) {
				if (!isIndex(seg)) throw invalidRequest(`Invalid array parameter: ${key}`);
				const index = seg === '' ? node.length : Number(seg);
				if (index > MAX_INDEX) throw invalidRequest(`Array index too large: ${key}`);
				node = descend(node, index, last, nextIsIndex, value, key);
			} else {
				node = descend(node, seg, last, nextIsIndex, value, key);
			}
			if (last) break;
		}
	}
	return compact(root) as FormObject;
}

function descend(
	container: FormObject | FormValue[],
	slot: string | number,
	last: boolean,
	nextIsIndex: boolean,
	value: string,
	key: string
): FormObject | FormValue[] {
	const record = container as Record<string | number, FormValue | undefined>;
	if (last) {
		if (record[slot] !== undefined && typeof record[slot] !== 'string')
			throw invalidRequest(`Conflicting values for parameter: ${key}`);
		record[slot] = value;
		return container;
	}
	const existing = record[slot];
	if (existing === undefined) {
		const created: FormObject | FormValue[] = nextIsIndex ? [] : {};
		record[slot] = created;
		return created;
	}
	if (typeof existing === 'string') {
		// `metadata=` (empty) then `metadata[k]=v`: Stripe lets the empty string mean "unset".
		if (existing !== '') throw invalidRequest(`Conflicting values for parameter: ${key}`);
		const created: FormObject | FormValue[] = nextIsIndex ? [] : {};
		record[slot] = created;
		return created;
	}
	return existing;
}

function compact(value: FormValue): FormValue {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
	const out: FormObject = {};
	for (const [k, v] of Object.entries(value)) out[k] = compact(v);
	return out;
}
