import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The prerendered site: `pnpm build` writes it before the tests run. */
export const buildDir = fileURLToPath(new URL('../build', import.meta.url));

/** Every prerendered page as its URL path (`/`, `/cart`, ...). */
export function sitePaths(): string[] {
	if (!existsSync(buildDir)) throw new Error(`No site in ${buildDir}: run \`pnpm build\` first.`);
	const paths: string[] = [];
	const walk = (dir: string): void => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const file = join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.html')) {
				const path = `/${relative(buildDir, file).replace(/(index)?\.html$/, '')}`;
				paths.push(path.length > 1 ? path.replace(/\/$/, '') : path);
			}
		}
	};
	walk(buildDir);
	return paths.sort();
}

/** The HTML of a page, as prerendered. */
export function pageHtml(path: string): string | undefined {
	const candidates = path === '/' ? ['index.html'] : [`${path}.html`, `${path}/index.html`];
	const file = candidates.map((name) => join(buildDir, name)).find((name) => existsSync(name));
	return file && readFileSync(file, 'utf8');
}
