import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A code block in the README or the docs marked `<!-- snippet: path -->` must be taken from that
// file: its lines, in order (blank lines and indentation aside), appear in the file. A first line
// `// src/…` names the file and is not compared. Every `ts`, `js` and `svelte` block must be
// marked, so a snippet cannot drift unnoticed. App code comes from apps CI builds and runs (see
// below); a block showing the library's API may come from its own sources and specs, which CI
// runs.
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Block {
	source: string;
	file?: string;
	lang: string;
	/** The `src/…` path the block's first line names, if it names one. */
	names?: string;
	lines: string[];
}

function blocks(source: string): Block[] {
	const text = readFileSync(join(root, source), 'utf8');
	const found: Block[] = [];
	const pattern = /(?:<!-- snippet: (\S+) -->\s*)?```(\w*)\n([\s\S]*?)```/g;
	for (const [, file, lang = '', body = ''] of text.matchAll(pattern)) {
		const lines = body
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		const names = /^\/\/ (src\/\S+)$/.exec(lines[0] ?? '')?.[1];
		found.push({ source, file, lang, names, lines: names ? lines.slice(1) : lines });
	}
	return found;
}

function markdownUnder(dir: string): string[] {
	return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.md'))
		.map((name) => join(dir, name));
}

/** Whether `wanted` appears in `lines` in this order, other lines allowed in between. */
function inOrder(wanted: string[], lines: string[]): string | undefined {
	let at = 0;
	for (const line of wanted) {
		while (at < lines.length && lines[at] !== line) at += 1;
		if (at === lines.length) return line;
		at += 1;
	}
	return undefined;
}

const all = ['README.md', ...markdownUnder('docs/src/routes')].flatMap(blocks);
const marked = all.filter((block) => block.file);

describe('snippets', () => {
	it('finds the marked snippets of the README', () => {
		expect(marked.filter((block) => block.source === 'README.md').length).toBeGreaterThan(1);
	});

	it('finds the marked snippets of the docs', () => {
		expect(marked.filter((block) => block.source.startsWith('docs/')).length).toBeGreaterThan(10);
	});

	it('marks every ts, js and svelte block of the README and the docs', () => {
		const unmarked = all.filter((block) => /^(ts|js|svelte)$/.test(block.lang) && !block.file);
		expect(unmarked.map((block) => `${block.source}: ${block.lines[0]}`)).toEqual([]);
	});

	it('takes app code from an app CI runs', () => {
		// A block naming a `src/…` file is that file of apps/example.
		for (const block of marked.filter((block) => block.names)) {
			expect(block.file, `${block.source}: the block names ${block.names}`).toBe(
				`apps/example/${block.names}`
			);
		}
		// Components in use: apps/example, the marketplace (both bought in by Playwright in CI) or
		// a live demo of the docs site (built, rendered and axe-checked in CI).
		const apps = ['apps/example/', 'apps/marketplace/', 'docs/src/lib/demos/'];
		const elsewhere = marked.filter(
			(block) => block.lang === 'svelte' && !apps.some((dir) => block.file?.startsWith(dir))
		);
		expect(elsewhere.map((block) => `${block.source}: ${block.file}`)).toEqual([]);
	});
	for (const block of marked) {
		it(`${block.source}: the block from ${block.file} is in that file`, () => {
			const file = readFileSync(join(root, block.file ?? ''), 'utf8');
			const lines = file.split('\n').map((line) => line.trim());
			expect(
				inOrder(block.lines, lines),
				'a line of the block, in order, that the file lacks'
			).toBeUndefined();
		});
	}
});

// What a newcomer copies from the getting-started guide must run: every file of the example's
// store is shown there, except tests, type declarations and the pages other guides show.
describe('the getting-started guide', () => {
	const guide = readFileSync(join(root, 'docs/src/routes/getting-started/+page.md'), 'utf8');
	const shown = new Set(
		[...guide.matchAll(/<ExampleFile path="([^"]+)" \/>/g)].map(([, path]) => path)
	);
	const shownElsewhere = [
		'src/routes/pricing/+page.svelte',
		'src/routes/api/billing-portal/+server.ts',
		'src/routes/quote/+page.svelte'
	];
	const files = readdirSync(join(root, 'apps/example/src'), { recursive: true, encoding: 'utf8' })
		.map((name) => `src/${name.split('\\').join('/')}`)
		.filter((path) => /\.(ts|svelte|html|css)$/.test(path))
		.filter((path) => !path.endsWith('.spec.ts') && !path.endsWith('.d.ts'));

	it('finds the example’s files', () => {
		expect(files).toContain('src/routes/+layout.svelte');
	});

	it('shows every file the store needs', () => {
		const missing = files.filter((path) => !shown.has(path) && !shownElsewhere.includes(path));
		expect(missing).toEqual([]);
	});
});
