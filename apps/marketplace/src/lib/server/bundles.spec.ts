import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectImportGraph } from './bundle-graph.js';
import { buildBundleZip, isBundleSku } from './bundles.js';

const filesOf = (sku: Parameters<typeof buildBundleZip>[0]) => unzipSync(buildBundleZip(sku));
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('buildBundleZip', () => {
	it('builds a real ZIP with a README, a LICENSE and the sources under nobs-pay/', () => {
		const zip = buildBundleZip('bundle-professional');
		// "PK\x03\x04" opens every ZIP local file header.
		expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
		const files = Object.keys(unzipSync(zip));
		expect(files).toEqual(
			expect.arrayContaining([
				'nobs-pay/README.md',
				'nobs-pay/LICENSE.md',
				'nobs-pay/index.ts',
				'nobs-pay/styles.css',
				'nobs-pay/money/money.ts',
				'nobs-pay/pricing/index.ts'
			])
		);
		expect(files.every((name) => name.startsWith('nobs-pay/'))).toBe(true);
	});

	it('ships every file the sources import, such as the version get-stripe.ts reads', () => {
		const files = filesOf('bundle-professional');
		expect(text(files['nobs-pay/checkout/get-stripe.ts'])).toContain("from '../version.js'");
		expect(Object.keys(files)).toContain('nobs-pay/version.ts');
	});

	it('ships no tests, stories or test helpers', () => {
		for (const sku of ['bundle-starter', 'bundle-professional', 'bundle-enterprise'] as const) {
			const names = Object.keys(filesOf(sku));
			expect(names.filter((name) => /\/test\/|\.(spec|test|stories)\./.test(name))).toEqual([]);
		}
	});

	it('gives Enterprise the server helpers and the sandbox sources, and only internal files that exist', () => {
		const names = Object.keys(filesOf('bundle-enterprise'));
		expect(names).toEqual(
			expect.arrayContaining([
				'nobs-pay/server/index.ts',
				'nobs-pay/sandbox/index.ts',
				'nobs-pay/sandbox/server.ts'
			])
		);
		// The shared helpers folder ships exactly the files the sold features import (never a listed
		// folder that is not there, as once happened).
		expect(names.filter((name) => name.startsWith('nobs-pay/internal/')).sort()).toEqual([
			'nobs-pay/internal/context.ts',
			'nobs-pay/internal/markup.svelte',
			'nobs-pay/internal/markup.ts'
		]);
	});

	it('gives a bigger tier at least the files of a smaller one', () => {
		const source = (sku: Parameters<typeof buildBundleZip>[0]) =>
			Object.keys(filesOf(sku)).filter(
				(name) => !/(README|LICENSE)\.md$|index\.ts$|styles\.css$/.test(name)
			);
		const starter = source('bundle-starter');
		const professional = source('bundle-professional');
		expect(starter.some((name) => name.startsWith('nobs-pay/pricing/'))).toBe(false);
		expect(professional).toEqual(expect.arrayContaining(starter));
		expect(source('bundle-enterprise')).toEqual(expect.arrayContaining(professional));
	});

	it('names the packages to install and where the license key goes', () => {
		const starter = text(filesOf('bundle-starter')['nobs-pay/README.md']);
		expect(starter).toContain('svelte@^5');
		expect(starter).not.toContain('@stripe/stripe-js');
		expect(starter).toContain('License key:');
		const enterprise = text(filesOf('bundle-enterprise')['nobs-pay/README.md']);
		expect(enterprise).toMatch(/npm install .*@stripe\/stripe-js@\S+ .*stripe@\S+ .*zod@\S+/);
		expect(enterprise).toContain('@types/node');
		expect(text(filesOf('bundle-enterprise')['nobs-pay/LICENSE.md'])).toMatch(
			/commercial license/i
		);
	});

	it('is reproducible: the same sources give the same bytes', () => {
		expect(buildBundleZip('bundle-starter')).toEqual(buildBundleZip('bundle-starter'));
	});

	it('recognises bundle SKUs only', () => {
		expect(isBundleSku('bundle-enterprise')).toBe(true);
		expect(isBundleSku('api-pro-month')).toBe(false);
		expect(isBundleSku('toString')).toBe(false);
	});
});

describe('collectImportGraph', () => {
	function tree(files: Record<string, string>): string {
		const root = mkdtempSync(join(tmpdir(), 'nobs-graph-'));
		for (const [path, contents] of Object.entries(files)) {
			mkdirSync(dirname(join(root, path)), { recursive: true });
			writeFileSync(join(root, path), contents);
		}
		return root;
	}

	it('follows .js specifiers to .ts files, svelte and CSS imports, and ignores JSDoc examples', () => {
		const root = tree({
			'a/index.ts':
				"/**\n * @example import { x } from './missing.js';\n */\nexport * from './a.js';\n",
			'a/a.ts':
				"import Part from './part.svelte';\nimport { z } from 'zod';\nexport { Part, z };\n",
			'a/part.svelte': '<script lang="ts">\n\timport { v } from \'../v.js\';\n</script>\n{v}\n',
			'a/a.css': "@import '../theme.css';\n",
			'v.ts': 'export const v = 1;\n',
			'theme.css': ':root {}\n',
			'unused.ts': 'export {};\n'
		});
		const graph = collectImportGraph({
			sources: [{ root, prefix: '' }],
			entries: [
				{ path: 'index.ts', contents: "export * from './a/index.js';\nimport './a/a.css';\n" }
			]
		});
		expect(graph.files.map((file) => file.path)).toEqual([
			'a/a.css',
			'a/a.ts',
			'a/index.ts',
			'a/part.svelte',
			'index.ts',
			'theme.css',
			'v.ts'
		]);
		expect(graph.modules).toEqual(['zod']);
	});

	it('refuses a missing file and a test helper instead of shipping a bundle that cannot compile', () => {
		const root = tree({ 'a.ts': "export * from './test/fixtures.js';\n", 'test/fixtures.ts': '' });
		const sources = [{ root, prefix: '' }];
		expect(() =>
			collectImportGraph({
				sources,
				entries: [{ path: 'i.ts', contents: "export * from './b.js';\n" }]
			})
		).toThrow(/cannot resolve \.\/b\.js/);
		expect(() =>
			collectImportGraph({
				sources,
				entries: [{ path: 'i.ts', contents: "export * from './a.js';\n" }]
			})
		).toThrow(/test-only/);
	});
});
