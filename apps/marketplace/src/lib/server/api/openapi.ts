import { z } from 'zod';
import {
	activationInput,
	licenseInput,
	productInput,
	usageQuery,
	validateInput
} from './schemas.js';

/**
 * The License API's OpenAPI 3.1 document, served at `/api/v1/openapi.json` and rendered on
 * `/docs/api`. Request bodies come from the zod schemas the API enforces.
 */

const body = (schema: z.ZodType) => ({
	required: true,
	content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } }
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const answer = (description: string, schema: object, headers = true) => ({
	description,
	...(headers && { headers: rateLimitHeaders }),
	content: { 'application/json': { schema } }
});

const rateLimitHeaders = {
	'RateLimit-Policy': {
		description: 'IETF draft: `"minute";q=60;w=60, "period";q=10000;w=2592000`.',
		schema: { type: 'string' }
	},
	RateLimit: {
		description:
			'IETF draft: remaining calls and seconds to reset, per policy. The minute is sliding: `t` is when the next call fits once none remain.',
		schema: { type: 'string' }
	}
};

/** An error answer; those given after the key and plan checks carry the limits' headers too. */
const error = (description: string, headers = false) => answer(description, ref('Error'), headers);

/** The errors every authenticated endpoint may answer. */
const errors = {
	'400': error('Bad input: `invalid_request` (with `field`), `invalid_json`.', true),
	'401': error('`invalid_api_key`: missing, unknown, expired or revoked key.'),
	'402': error('`subscription_past_due`: the plan has been past due for more than 7 days.'),
	'403': error('`plan_required`: the account has no active API plan.'),
	'429': {
		description:
			'`rate_limited` (requests per minute) or `quota_exceeded` (calls per period of a capped plan).',
		headers: {
			...rateLimitHeaders,
			'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } }
		},
		content: { 'application/json': { schema: ref('Error') } }
	}
};

const idempotencyHeader = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	description:
		'Up to 255 characters. A retry with the same key replays the first answer (header `Idempotent-Replayed: true`) and is counted once.',
	schema: { type: 'string', maxLength: 255 }
};

const licenseCheck = (summary: string, input: z.ZodType) => ({
	post: {
		summary,
		parameters: [idempotencyHeader],
		requestBody: body(input),
		responses: { '200': answer('The outcome.', ref('LicenseCheck')), ...errors }
	}
});

const licenseId = {
	name: 'id',
	in: 'path',
	required: true,
	schema: { type: 'string', pattern: '^lic_' }
};

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'NOBS Pay License API',
		version: '1.0.0',
		description:
			'Hosted license keys for your products: issue, validate, activate and revoke them, and read your usage. Every call needs an API key from /account/api.'
	},
	servers: [{ url: '/api/v1' }],
	security: [{ apiKey: [] }],
	paths: {
		'/products': {
			get: {
				summary: 'List your products',
				responses: {
					'200': answer('Your products, newest first.', {
						type: 'object',
						properties: {
							object: { const: 'list' },
							data: { type: 'array', items: ref('Product') }
						}
					}),
					...errors
				}
			},
			post: {
				summary: 'Create a product',
				parameters: [idempotencyHeader],
				requestBody: body(productInput),
				responses: { '201': answer('The product.', ref('Product')), ...errors }
			}
		},
		'/licenses': {
			post: {
				summary: 'Issue a license key for one of your products',
				description: 'The key is in this answer only; it is stored as a SHA-256 hash.',
				parameters: [idempotencyHeader],
				requestBody: body(licenseInput),
				responses: {
					'201': answer('The license and its key.', {
						allOf: [ref('License'), { type: 'object', properties: { key: { type: 'string' } } }]
					}),
					...errors
				}
			}
		},
		'/licenses/{id}': {
			get: {
				summary: 'Retrieve a license',
				parameters: [licenseId],
				responses: {
					'200': answer('The license.', ref('License')),
					'404': error('`resource_missing`: no such license of the account.', true),
					...errors
				}
			},
			delete: {
				summary: 'Revoke a license',
				parameters: [licenseId],
				responses: {
					'200': answer('The revoked license.', ref('License')),
					'404': error('`resource_missing`: no such license of the account.', true),
					...errors
				}
			}
		},
		'/licenses/validate': licenseCheck('Validate a license key', validateInput),
		'/licenses/activate': licenseCheck(
			'Activate a license key on an instance (again on the same instance is one activation)',
			activationInput
		),
		'/licenses/deactivate': licenseCheck(
			'Deactivate a license key on an instance',
			activationInput
		),
		'/usage': {
			get: {
				summary: 'Your calls by day',
				parameters: Object.entries(
					(z.toJSONSchema(usageQuery, { io: 'input' }) as { properties: Record<string, object> })
						.properties
				).map(([name, schema]) => ({
					name,
					in: 'query',
					required: false,
					description: 'YYYY-MM-DD; defaults to the current billing period.',
					schema
				})),
				responses: { '200': answer('Calls by day.', ref('Usage')), ...errors }
			}
		}
	},
	components: {
		securitySchemes: {
			apiKey: {
				type: 'http',
				scheme: 'bearer',
				description: '`Authorization: Bearer nobs_test_…` (or `nobs_live_…`).'
			}
		},
		schemas: {
			Error: {
				type: 'object',
				required: ['error'],
				properties: {
					error: {
						type: 'object',
						required: ['code', 'message'],
						properties: {
							code: { type: 'string' },
							message: { type: 'string' },
							field: { type: 'string', description: 'The input at fault (400 only).' }
						}
					}
				}
			},
			Product: {
				type: 'object',
				required: ['id', 'object', 'name', 'created'],
				properties: {
					id: { type: 'string', pattern: '^prd_' },
					object: { const: 'product' },
					name: { type: 'string' },
					created: { type: 'string', format: 'date-time' }
				}
			},
			License: {
				type: 'object',
				required: ['id', 'object', 'product', 'start', 'last4', 'status', 'activations', 'created'],
				properties: {
					id: { type: 'string', pattern: '^lic_' },
					object: { const: 'license' },
					product: { type: 'string', pattern: '^prd_' },
					start: { type: 'string', description: 'The first characters of the key.' },
					last4: { type: 'string' },
					status: { enum: ['active', 'expired', 'revoked'] },
					maxActivations: { type: ['integer', 'null'] },
					activations: { type: 'integer' },
					expires: { type: ['string', 'null'], format: 'date-time' },
					revoked: { type: ['string', 'null'], format: 'date-time' },
					created: { type: 'string', format: 'date-time' }
				}
			},
			LicenseCheck: {
				type: 'object',
				required: ['valid', 'code', 'license'],
				properties: {
					valid: { type: 'boolean' },
					code: { enum: ['VALID', 'NOT_FOUND', 'EXPIRED', 'REVOKED', 'ACTIVATION_LIMIT'] },
					license: { oneOf: [ref('License'), { type: 'null' }] }
				}
			},
			Usage: {
				type: 'object',
				properties: {
					object: { const: 'usage' },
					from: { type: 'string', format: 'date' },
					to: { type: 'string', format: 'date' },
					total: { type: 'integer' },
					plan: { type: 'object' },
					period: { type: 'object' },
					data: {
						type: 'array',
						items: {
							type: 'object',
							properties: { day: { type: 'string', format: 'date' }, calls: { type: 'integer' } }
						}
					}
				}
			}
		}
	}
};
