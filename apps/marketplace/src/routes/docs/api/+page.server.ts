import { openApiDocument } from '$lib/server/api/openapi';
import type { PageServerLoad } from './$types';

interface Operation {
	summary: string;
	description?: string;
	requestBody?: { content: { 'application/json': { schema: unknown } } };
	responses: Record<string, { description: string }>;
}

/** The endpoints of the OpenAPI document, flattened for the page: one source for both. */
export const load: PageServerLoad = () => {
	const endpoints = Object.entries(openApiDocument.paths).flatMap(([path, methods]) =>
		Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({
			id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, ''),
			method: method.toUpperCase(),
			path: `/api/v1${path}`,
			summary: operation.summary,
			description: operation.description,
			body: operation.requestBody
				? JSON.stringify(operation.requestBody.content['application/json'].schema, null, 2)
				: undefined,
			responses: Object.entries(operation.responses).map(([status, response]) => ({
				status,
				description: response.description
			}))
		}))
	);
	return {
		endpoints,
		meta: {
			title: 'License API reference · NOBS Pay',
			description: 'Issue, validate, activate and revoke license keys over HTTP, metered by plan.'
		}
	};
};
