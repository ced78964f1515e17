import { json } from '@sveltejs/kit';
import { searchProducts, searchQuerySchema } from '$lib/server/search';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => {
	const query = searchQuerySchema.parse(url.searchParams.get('q'));
	return json({ query, hits: searchProducts(query) });
};
