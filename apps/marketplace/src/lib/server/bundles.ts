import { zipSync, type Zippable } from 'fflate';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLicense, bundleReadme } from './bundle-docs.js';
import { collectImportGraph, type BundleSource, type ImportGraph } from './bundle-graph.js';

/**
 * What each NOBS Pay bundle sells: feature folders of `packages/svelte/src/lib`, the server
 * helpers (`server`) and the offline sandbox (`packages/sandbox/src`). A bundle line in an order
 * earns one download grant; the download is a ZIP of the files these features really import.
 */
export const bundles = {
	'bundle-starter': { name: 'NOBS Pay Starter', features: ['money', 'cart'], sandbox: false },
	'bundle-professional': {
		name: 'NOBS Pay Professional',
		features: ['money', 'cart', 'checkout', 'pricing', 'flip-card'],
		sandbox: false
	},
	'bundle-enterprise': {
		name: 'NOBS Pay Enterprise',
		features: ['money', 'cart', 'checkout', 'pricing', 'flip-card', 'billing', 'server'],
		sandbox: true
	}
} as const satisfies Record<
	string,
	{ name: string; features: readonly string[]; sandbox: boolean }
>;

export type BundleSku = keyof typeof bundles;

export function isBundleSku(sku: string): sku is BundleSku {
	return Object.hasOwn(bundles, sku);
}

/** The folder every ZIP unpacks to; the README tells the buyer to unzip into `src/lib`. */
export const BUNDLE_FOLDER = 'nobs-pay';

export interface BundleSourceRoots {
	/** The library's `src/lib` folder. @default found from `LIBRARY_SOURCE_DIR`, this file or the cwd */
	library?: string;
	/** The sandbox's `src` folder. @default the `src` beside the library's package */
	sandbox?: string;
}

export interface BuildBundleZipOptions {
	sourceRoots?: BundleSourceRoots;
}

// Features with a stylesheet of their own, imported by the bundle's `styles.css`.
const styled = new Set(['cart', 'checkout', 'pricing', 'flip-card']);

/**
 * The files of a bundle, computed from the import graph of what it sells: the generated entries
 * (`index.ts`, `styles.css`, and `server/index.ts` and `sandbox/index.ts` when sold) and every file
 * they reach. Tests, stories and their helpers are never reached, so never shipped.
 */
export function bundleContents(sku: BundleSku, options: BuildBundleZipOptions = {}): ImportGraph {
	const roots = sourceRoots(options.sourceRoots);
	const bundle = bundles[sku];
	const library: BundleSource = { root: roots.library, prefix: '' };
	const sandbox: BundleSource = { root: roots.sandbox, prefix: 'sandbox' };
	const components = bundle.features.filter((feature) => feature !== 'server');
	const index =
		`// ${bundle.name}: import from '$lib/${BUNDLE_FOLDER}'.\n` +
		components.map((feature) => `export * from './${feature}/index.js';\n`).join('');
	const styles = ['theme', ...components.filter((feature) => styled.has(feature))]
		.map(
			(feature) => `@import './${feature === 'theme' ? 'theme' : `${feature}/${feature}`}.css';\n`
		)
		.join('');
	return collectImportGraph({
		sources: [library, sandbox],
		entries: [
			{ path: 'index.ts', contents: index },
			{ path: 'styles.css', contents: styles },
			...(bundle.features.some((feature) => feature === 'server')
				? [{ source: library, path: 'server/index.ts' }]
				: []),
			...(bundle.sandbox
				? [
						{ source: sandbox, path: 'index.ts' },
						{ source: sandbox, path: 'playwright.ts' }
					]
				: [])
		]
	});
}

/**
 * The ZIP a buyer downloads: `nobs-pay/` with the bundle's sources, a README naming the packages
 * to install and where the license key goes, and the per-project LICENSE. Read from the sources at
 * request time, so a download always matches the code in this checkout.
 * @example const zip = buildBundleZip('bundle-professional');
 */
export function buildBundleZip(sku: BundleSku, options: BuildBundleZipOptions = {}): Uint8Array {
	const bundle = bundles[sku];
	const { files, modules } = bundleContents(sku, options);
	const encode = (text: string) => new TextEncoder().encode(text);
	const zippable: Zippable = {
		[`${BUNDLE_FOLDER}/README.md`]: encode(
			bundleReadme({
				name: bundle.name,
				features: bundle.features,
				modules,
				sandbox: bundle.sandbox
			})
		),
		[`${BUNDLE_FOLDER}/LICENSE.md`]: encode(bundleLicense(bundle.name))
	};
	for (const file of files) zippable[`${BUNDLE_FOLDER}/${file.path}`] = file.contents;
	// A fixed mtime makes the archive reproducible: the same sources give the same bytes.
	return zipSync(zippable, { level: 6, mtime: new Date('2025-01-01T00:00:00Z') });
}

function sourceRoots(given: BundleSourceRoots = {}): Required<BundleSourceRoots> {
	const library = given.library ?? defaultLibraryRoot();
	return { library, sandbox: given.sandbox ?? resolve(library, '../../../sandbox/src') };
}

function defaultLibraryRoot(): string {
	const candidates = [
		process.env.LIBRARY_SOURCE_DIR,
		fileURLToPath(new URL('../../../../../packages/svelte/src/lib', import.meta.url)),
		resolve('../../packages/svelte/src/lib'),
		resolve('packages/svelte/src/lib')
	];
	const found = candidates.find((folder) => folder && existsSync(folder));
	if (!found) throw new Error('Library sources not found; set LIBRARY_SOURCE_DIR.');
	return found;
}
