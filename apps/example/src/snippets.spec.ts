import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A code block in the README or the docs marked `<!-- snippet: apps/example/... -->` must be taken
// from that file: its lines, in order (blank lines and indentation aside), appear in the file.
// Every `ts`/`svelte` block of the README must be marked, so a snippet cannot drift unnoticed.
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Block {
	source: string;
	file?: string;
	lang: string;
	lines: string[];
}

function blocks(source: string): Block[] {
	const text = readFileSync(join(root, source), 'utf8');
	const found: Block[] = [];
	const pattern = /(?:<!-- snippet: (\S+) -->\s*)?```(\w*)\n([\s\S]*?)```/g;
	for (const [, file, lang = '', body = ''] of text.matchAll(pattern)) {
		const lines = body.split('\n').map((line) => line.trim());
		found.push({ source, file, lang, lines: lines.filter(Boolean) });
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

	it('marks every ts and svelte block of the README', () => {
		const unmarked = all.filter(
			(block) => block.source === 'README.md' && /^(ts|svelte)$/.test(block.lang) && !block.file
		);
		expect(unmarked.map((block) => block.lines[0])).toEqual([]);
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
