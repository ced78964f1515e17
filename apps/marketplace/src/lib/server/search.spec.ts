import { describe, expect, it } from 'vitest';
import { searchProducts, searchQuerySchema } from './search.js';

describe('searchProducts', () => {
	it('ranks the product whose name matches first', () => {
		const hits = searchProducts('professional');
		expect(hits[0]?.id).toBe('bundle-professional');
	});

	it('tolerates typos and prefixes', () => {
		expect(searchProducts('profesional')[0]?.id).toBe('bundle-professional');
		expect(searchProducts('enterp').map((hit) => hit.id)).toEqual(
			expect.arrayContaining(['bundle-enterprise', 'api-enterprise'])
		);
	});

	it('searches features and descriptions', () => {
		const ids = searchProducts('sandbox').map((hit) => hit.id);
		expect(ids).toContain('bundle-enterprise');
		expect(ids).not.toContain('bundle-starter');
	});

	it('finds nothing for an empty or unknown query', () => {
		expect(searchProducts('')).toEqual([]);
		expect(searchProducts('zzzzqqqq')).toEqual([]);
	});

	it('links each hit to its product page', () => {
		expect(searchProducts('cart')[0]?.href).toMatch(/^\/products\/[a-z-]+$/);
	});
});

describe('searchQuerySchema', () => {
	it('trims, caps at 100 characters and treats a missing query as empty', () => {
		expect(searchQuerySchema.parse('  cart  ')).toBe('cart');
		expect(searchQuerySchema.parse('x'.repeat(500))).toHaveLength(100);
		expect(searchQuerySchema.parse(null)).toBe('');
	});
});
