import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi';
import type { RequestHandler } from './$types';

export const prerender = false;

/** The License API's OpenAPI 3.1 document. Public: it describes, it grants nothing. */
export const GET: RequestHandler = () =>
	json(openApiDocument, { headers: { 'cache-control': 'public, max-age=300' } });
