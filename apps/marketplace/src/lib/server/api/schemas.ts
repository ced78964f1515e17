import { z } from 'zod';

/**
 * The License API's inputs, checked at the trust boundary. The OpenAPI document is generated
 * from these same schemas (`openapi.ts`), so the docs cannot drift from what is enforced.
 */

const id = (prefix: string) =>
	z
		.string()
		.regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{1,40}$`), `a ${prefix}_… id`)
		.meta({ example: `${prefix}_8Jx3kQ2mZr0aYwVb` });

/** Text stored in the database: trimmed, not empty, and without NUL, which Postgres refuses. */
export const storedText = (max: number) =>
	z
		.string()
		.trim()
		.min(1)
		.max(max)
		.refine((value) => !value.includes('\u0000'), 'text without NUL characters');

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
	.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'a real date');

export const productInput = z.strictObject({
	name: storedText(200).meta({ example: 'My desktop app' })
});

export const licenseInput = z.strictObject({
	product: id('prd'),
	/** ISO 8601 date-time after which the key no longer validates. */
	expires: z.iso
		.datetime({ offset: true })
		.refine((value) => Date.parse(value) > Date.now(), 'a time in the future')
		.nullish(),
	maxActivations: z.number().int().min(1).max(1_000_000).nullish()
});

const licenseKey = z.string().min(1).max(200).meta({ example: 'lk_9Zb4…' });
const instance = storedText(200).meta({ example: 'macbook-pro-7f3a' });

export const validateInput = z.strictObject({ key: licenseKey, instance: instance.optional() });
export const activationInput = z.strictObject({ key: licenseKey, instance });

export const licenseIdParam = id('lic');

export const usageQuery = z
	.strictObject({ from: day.optional(), to: day.optional() })
	.refine((value) => !value.from || !value.to || value.from <= value.to, {
		message: 'from must not be after to',
		path: ['to']
	});

/** `Idempotency-Key`: what Stripe accepts (up to 255 characters). */
export const idempotencyKey = z.string().min(1).max(255);
