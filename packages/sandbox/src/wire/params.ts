import { z } from 'zod';
import { invalidRequest, StripeApiError } from './errors.js';

/** Renders a zod path as Stripe names parameters: `items[0][price]`. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
	const [head, ...rest] = path.map(String);
	return (head ?? '') + rest.map((p) => `[${p}]`).join('');
}

/** Validates parsed form input, turning the first zod issue into the error Stripe would send. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw toStripeError(result.error);
}

export function toStripeError(error: z.ZodError): StripeApiError {
	// Stripe names an unknown parameter before any other problem with the request.
	const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
	if (!issue) return invalidRequest('Invalid request.');
	if (issue.code === 'unrecognized_keys') {
		const param = paramName([...issue.path, issue.keys[0] ?? '']);
		return invalidRequest(`Received unknown parameter: ${param}`, {
			code: 'parameter_unknown',
			param
		});
	}
	const param = paramName(issue.path);
	if (issue.code === 'invalid_type' && issue.input === undefined) {
		return invalidRequest(`Missing required param: ${param}.`, {
			code: 'parameter_missing',
			param
		});
	}
	if (issue.message.startsWith('Invalid integer')) {
		return invalidRequest(`Invalid integer: ${String(issue.input).slice(0, 100)}`, {
			code: 'parameter_invalid_integer',
			param
		});
	}
	if (issue.message.startsWith('amount_too_')) {
		const [code, ...text] = issue.message.split(':');
		return invalidRequest(text.join(':').trim(), { code: code ?? 'parameter_invalid', param });
	}
	return invalidRequest(`Invalid ${param}: ${issue.message}`, { param });
}

/** Form values arrive as strings; integers are checked before they are converted. */
export const int = (opts: { min?: number; max?: number } = {}) =>
	z
		.string()
		.regex(/^-?\d{1,15}$/, 'Invalid integer')
		.transform(Number)
		.pipe(
			z
				.number()
				.int()
				.min(opts.min ?? Number.MIN_SAFE_INTEGER, `must be at least ${opts.min ?? 0}`)
				.max(opts.max ?? Number.MAX_SAFE_INTEGER, `must be at most ${opts.max ?? 0}`)
		);

export const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const str = (max = 5_000) => z.string().max(max, `must be at most ${max} characters`);

export const id = (prefix: string) =>
	z
		.string()
		.max(255)
		.regex(new RegExp(`^${prefix}`), `must start with ${prefix}`);

export const currency = z
	.string()
	.regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code')
	.transform((c) => c.toLowerCase());

/** Stripe's limits: 50 keys, keys up to 40 characters, values up to 500. An empty string unsets. */
export const metadata = z
	.union([
		z.literal(''),
		z
			.record(z.string().max(40, 'metadata keys must be at most 40 characters'), str(500))
			.refine((m) => Object.keys(m).length <= 50, 'metadata can have at most 50 keys')
	])
	.transform((m) => (m === '' ? {} : m));

/** `expand[]=a&expand[]=b` or `expand[0]=a`; the form parser yields an array either way. */
export const expand = z.array(z.string().max(200)).max(20).optional();

/** `recurring` on a price (and on `price_data` / `default_price_data`). */
export const recurringParams = z
	.object({
		interval: z.enum(['day', 'week', 'month', 'year']),
		interval_count: int({ min: 1, max: 365 }).optional(),
		usage_type: z.enum(['licensed', 'metered']).optional(),
		trial_period_days: int({ min: 0, max: 730 }).optional()
	})
	.strict();

/** `created` on a list: a timestamp, or a range with `gt`, `gte`, `lt`, `lte`. */
export const createdFilter = z.union([
	int({ min: 0 }),
	z
		.object({
			gt: int({ min: 0 }).optional(),
			gte: int({ min: 0 }).optional(),
			lt: int({ min: 0 }).optional(),
			lte: int({ min: 0 }).optional()
		})
		.strict()
]);

export const listParams = {
	limit: int({ min: 1, max: 100 }).optional(),
	starting_after: z.string().max(255).optional(),
	ending_before: z.string().max(255).optional(),
	expand
};

/** Minimum charge amounts in the smallest unit, from Stripe's documentation; others default to 50. */
const MINIMUMS: Record<string, number> = {
	usd: 50,
	eur: 50,
	gbp: 30,
	jpy: 50,
	cad: 50,
	aud: 50,
	chf: 50,
	sek: 300,
	nok: 300,
	dkk: 250,
	krw: 100
};
/** Currencies Stripe counts in whole units (no cents). */
export const ZERO_DECIMAL = new Set([
	'bif',
	'clp',
	'djf',
	'gnf',
	'jpy',
	'kmf',
	'krw',
	'mga',
	'pyg',
	'rwf',
	'ugx',
	'vnd',
	'vuv',
	'xaf',
	'xof',
	'xpf'
]);
export const MAX_AMOUNT = 99_999_999;

function display(amount: number, cur: string): string {
	const major = ZERO_DECIMAL.has(cur) ? String(amount) : (amount / 100).toFixed(2);
	return cur === 'usd' ? `$${major}` : `${major} ${cur}`;
}

/** Stripe rejects charges below the currency's minimum and above $999,999.99. */
export function checkAmount(amount: number, cur: string): void {
	const min = MINIMUMS[cur] ?? 50;
	if (amount < min)
		throw invalidRequest(`Amount must be at least ${display(min, cur)} ${cur}`, {
			code: 'amount_too_small',
			param: 'amount'
		});
	if (amount > MAX_AMOUNT)
		throw invalidRequest(`Amount must be no more than ${display(MAX_AMOUNT, cur)}`, {
			code: 'amount_too_large',
			param: 'amount'
		});
}
