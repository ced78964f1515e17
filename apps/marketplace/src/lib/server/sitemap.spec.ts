import { describe, expect, it } from 'vitest';
import { robotsTxt, sitemapXml } from './sitemap';

describe('sitemapXml', () => {
	it('lists the static pages and every product with absolute URLs on the origin', () => {
		const xml = sitemapXml('https://store.example');
		const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
		expect(locs).toContain('https://store.example/');
		expect(locs).toContain('https://store.example/terms');
		expect(locs).toContain('https://store.example/refund-policy');
		expect(locs).toContain('https://store.example/products/bundle-professional');
		expect(locs).toContain('https://store.example/products/api-team');
		expect(locs.every((loc) => loc?.startsWith('https://store.example/'))).toBe(true);
	});

	it('never lists a secret or private path', () => {
		expect(sitemapXml('https://store.example')).not.toMatch(/orders|download|checkout|\/api\//);
	});
});

describe('robotsTxt', () => {
	it('keeps crawlers out of orders and downloads and names the sitemap', () => {
		const text = robotsTxt('https://store.example');
		expect(text).toMatch(/^Disallow: \/orders\/$/m);
		expect(text).toMatch(/^Disallow: \/download\/$/m);
		expect(text).toMatch(/^Sitemap: https:\/\/store\.example\/sitemap\.xml$/m);
	});
});
