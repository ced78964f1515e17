import { searchProducts, searchQuerySchema } from '$lib/server/search';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const query = searchQuerySchema.parse(url.searchParams.get('q'));
	return { query, hits: searchProducts(query) };
};
