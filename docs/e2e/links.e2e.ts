import { expect, test } from '@playwright/test';
import { pageHtml, sitePaths } from './site';

// Crawls the prerendered HTML (not the dev server): every internal link must reach a page, and
// every `#anchor` an element with that id on it.
test('every internal link and anchor of the site resolves', () => {
	const paths = sitePaths();
	expect(paths).toContain('/getting-started');
	const broken: string[] = [];
	for (const from of paths) {
		const html = pageHtml(from) ?? '';
		for (const [, href = ''] of html.matchAll(/<a\b[^>]*\shref="([^"]*)"/g)) {
			if (/^[a-z][a-z+.-]*:/i.test(href) || href.startsWith('//')) continue; // external
			const target = new URL(href.replace(/&amp;/g, '&'), `http://site${from}`);
			const targetHtml = pageHtml(target.pathname.replace(/\/$/, '') || '/');
			const id = decodeURIComponent(target.hash.slice(1));
			if (targetHtml === undefined) broken.push(`${from} → ${href} (no such page)`);
			else if (id && !new RegExp(`\\sid="${escapeRegExp(id)}"`).test(targetHtml))
				broken.push(`${from} → ${href} (no element with id "${id}")`);
		}
	}
	expect(broken).toEqual([]);
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
