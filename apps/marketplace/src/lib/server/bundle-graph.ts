import { readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** One file of a bundle: where it goes in the ZIP and its bytes. */
export interface BundleFile {
	path: string;
	contents: Uint8Array;
}

/** A source tree the bundle copies from, mounted at `prefix` inside the bundle. */
export interface BundleSource {
	/** Absolute folder, e.g. `packages/svelte/src/lib`. */
	root: string;
	/** Folder inside the bundle, `''` for its root. */
	prefix: string;
}

export interface ImportGraph {
	files: BundleFile[];
	/** Bare module names the files import (`svelte`, `@stripe/stripe-js`, `node:crypto`), sorted. */
	modules: string[];
}

export interface CollectImportGraphOptions {
	sources: readonly BundleSource[];
	/** Files the bundle starts from: real ones (`{ source, path }`) or generated ones with contents. */
	entries: readonly ({ path: string } & ({ source: BundleSource } | { contents: string }))[];
}

// Tests, stories and their helpers are the library's own business, not what a buyer pays for.
export const testOnlyFile = /(^|\/)test\/|\.(spec|test|stories)\.|\.stories\.svelte$/;

// Import and export statements start a line in this codebase (prettier formats them so); anchoring
// at the line start keeps the `@example import …` lines of JSDoc out.
const statement =
	/^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"\n]+)['"]/gm;
const dynamicImport = /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const cssImport = /@import\s+(?:url\()?\s*['"]([^'"\n]+)['"]/g;

function specifiersOf(path: string, text: string): string[] {
	const patterns = path.endsWith('.css') ? [cssImport] : [statement, dynamicImport];
	return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

/** `./money.js` may name `money.ts`, as TypeScript's bundler resolution allows. */
function resolveFile(from: string, specifier: string): string | undefined {
	const target = normalize(join(dirname(from), specifier));
	const candidates = [target, target.replace(/\.js$/, '.ts'), `${target}.ts`, `${target}/index.ts`];
	return candidates.find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile());
}

function moduleName(specifier: string): string {
	if (specifier.startsWith('node:')) return specifier;
	const parts = specifier.split('/');
	return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * Every file the entries reach through relative imports, and every package they import. A bundle
 * computed this way cannot miss a file (`../version.js`) or carry one nothing uses (`test/`). A
 * relative import that leaves its source tree, or that no file answers, throws.
 */
export function collectImportGraph({ sources, entries }: CollectImportGraphOptions): ImportGraph {
	const files = new Map<string, BundleFile>();
	const modules = new Set<string>();
	const queue: { absolute: string; source: BundleSource }[] = [];

	const visit = (
		path: string,
		text: string,
		absolute: string | undefined,
		source?: BundleSource
	) => {
		for (const specifier of specifiersOf(path, text)) {
			if (!specifier.startsWith('.')) {
				modules.add(moduleName(specifier));
				continue;
			}
			// Generated entries sit at the bundle root; they import from the first source's root.
			const base = absolute ?? join((source ?? sources[0])!.root, path);
			const resolved = resolveFile(base, specifier);
			const owner = sources.find((candidate) => resolved?.startsWith(candidate.root + '/'));
			if (!resolved || !owner) throw new Error(`${path}: cannot resolve ${specifier}`);
			queue.push({ absolute: resolved, source: owner });
		}
	};

	for (const entry of entries) {
		if ('contents' in entry) {
			files.set(entry.path, {
				path: entry.path,
				contents: new TextEncoder().encode(entry.contents)
			});
			visit(entry.path, entry.contents, undefined);
		} else {
			queue.push({ absolute: join(entry.source.root, entry.path), source: entry.source });
		}
	}

	while (queue.length > 0) {
		const { absolute, source } = queue.shift()!;
		const inner = relative(source.root, absolute).split('\\').join('/');
		const path = source.prefix ? `${source.prefix}/${inner}` : inner;
		if (files.has(path)) continue;
		if (testOnlyFile.test(inner)) throw new Error(`${path} is test-only but is imported`);
		const contents = readFileSync(absolute);
		files.set(path, { path, contents });
		visit(path, new TextDecoder().decode(contents), absolute, source);
	}

	return {
		files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)),
		modules: [...modules].sort()
	};
}
