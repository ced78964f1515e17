import MiniSearch from 'minisearch';
import { z } from 'zod';
import { catalog } from '../catalog.js';

/** A search hit: what the results list and `GET /api/search` show. */
export interface SearchHit {
	id: string;
	name: string;
	description: string;
	href: string;
	score: number;
}

interface Document {
	id: string;
	name: string;
	description: string;
	features: string;
}

// The catalog is small and fixed at start-up, so the index is built once per process.
const index = new MiniSearch<Document>({
	fields: ['name', 'description', 'features'],
	storeFields: ['name', 'description'],
	searchOptions: {
		boost: { name: 3, description: 1.5 },
		prefix: true,
		// Typo tolerance: one edit in a five-letter word, two in a ten-letter one.
		fuzzy: 0.2,
		combineWith: 'AND'
	}
});

index.addAll(
	catalog.products.map((product) => ({
		id: product.id,
		name: product.name,
		description: product.description,
		features: product.features.join('\n')
	}))
);

/** The `q` parameter: trimmed, at most 100 characters (longer queries are cut, not refused). */
export const searchQuerySchema = z
	.string()
	.nullish()
	.transform((value) => (value ?? '').trim().slice(0, 100));

/** Ranked, typo-tolerant search over the catalog. An empty query finds nothing. */
export function searchProducts(query: string, limit = 10): SearchHit[] {
	if (query === '') return [];
	return index
		.search(query)
		.slice(0, limit)
		.map((result) => ({
			id: String(result.id),
			name: String(result.name),
			description: String(result.description),
			href: `/products/${result.id}`,
			score: Math.round(result.score * 100) / 100
		}));
}
