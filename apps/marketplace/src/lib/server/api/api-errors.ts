import type { z } from 'zod';

// How the License API answers errors: `{ error: { code, message, field? } }`.

/** An answer to the caller: `{ error: { code, message, field? } }` with its status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}

	toResponse(): Response {
		const error = {
			code: this.code,
			message: this.message,
			...(this.field && { field: this.field })
		};
		return jsonResponse(this.status, { error }, this.headers);
	}
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
	return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }
	});
}

/** The first issue of a zod error as a 400 naming the field. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issue = result.error.issues[0]!;
	const field = issue.path.join('.') || undefined;
	throw new ApiError(
		400,
		'invalid_request',
		field ? `${field}: ${issue.message}` : issue.message,
		field
	);
}

export const notFound = (what: string) => new ApiError(404, 'resource_missing', `No such ${what}.`);
