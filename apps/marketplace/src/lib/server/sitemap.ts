import { catalog } from '../catalog.js';
import { STATIC_PAGES } from '../site.js';

/** Paths a search engine may index: the static pages and every product page. */
export function publicPaths(): string[] {
	return [
		...STATIC_PAGES.map((page) => page.path),
		...catalog.products.map((product) => `/products/${product.id}`)
	];
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);

/** The sitemap protocol's XML, with absolute URLs on the configured origin. */
export function sitemapXml(origin: string): string {
	const urls = publicPaths()
		.map((path) => `\t<url><loc>${escapeXml(new URL(path, origin).href)}</loc></url>`)
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** Keeps crawlers out of secret links, the checkout and the API; points them at the sitemap. */
export function robotsTxt(origin: string): string {
	const disallowed = [
		'/api/',
		'/account/',
		'/checkout',
		'/orders/',
		'/download/',
		'/downloads/',
		'/dev/'
	];
	return [
		'User-agent: *',
		...disallowed.map((path) => `Disallow: ${path}`),
		'',
		`Sitemap: ${new URL('/sitemap.xml', origin).href}`,
		''
	].join('\n');
}
