import { zipSync, type Zippable } from 'fflate';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What each NOBS Pay bundle contains: folders of `packages/svelte/src/lib`. A bundle line in an
 * order earns one download grant; the download is a ZIP of these folders.
 */
export const bundles = {
	'bundle-starter': { name: 'NOBS Pay Starter', features: ['money', 'cart'] },
	'bundle-professional': {
		name: 'NOBS Pay Professional',
		features: ['money', 'cart', 'checkout', 'pricing', 'flip-card']
	},
	'bundle-enterprise': {
		name: 'NOBS Pay Enterprise',
		features: ['money', 'cart', 'checkout', 'pricing', 'flip-card', 'billing', 'server', 'internal']
	}
} as const satisfies Record<string, { name: string; features: readonly string[] }>;

export type BundleSku = keyof typeof bundles;

export function isBundleSku(sku: string): sku is BundleSku {
	return Object.hasOwn(bundles, sku);
}

export interface BuildBundleZipOptions {
	/** The library's `src/lib` folder. @default found from `LIBRARY_SOURCE_DIR`, this file or the cwd */
	sourceRoot?: string;
}

// Tests and stories are the library's own business, not what a buyer pays for.
const excluded = /\.(spec|test|stories)\.|\.stories\.svelte$/;

/**
 * A ZIP of the bundle's component sources, read from the library at request time so a download
 * always matches the code in this checkout. Folders that do not exist yet are left out.
 * @example const zip = buildBundleZip('bundle-professional');
 */
export function buildBundleZip(sku: BundleSku, options: BuildBundleZipOptions = {}): Uint8Array {
	const root = options.sourceRoot ?? defaultSourceRoot();
	const bundle = bundles[sku];
	const files: Zippable = {
		'README.txt': new TextEncoder().encode(
			`${bundle.name}\n\nComponents: ${bundle.features.join(', ')}\n` +
				'Copy the folders into src/lib of your SvelteKit app. Licensed to the buyer of this order.\n'
		)
	};
	for (const feature of bundle.features) {
		const folder = join(root, feature);
		if (!existsSync(folder)) continue;
		for (const path of walk(folder)) {
			if (excluded.test(path)) continue;
			files[`nobs-pay/${relative(root, path).split('\\').join('/')}`] = readFileSync(path);
		}
	}
	// A fixed mtime makes the archive reproducible: the same sources give the same bytes.
	return zipSync(files, { level: 6, mtime: new Date('2025-01-01T00:00:00Z') });
}

function* walk(folder: string): Generator<string> {
	for (const entry of readdirSync(folder).sort()) {
		const path = join(folder, entry);
		if (statSync(path).isDirectory()) yield* walk(path);
		else yield path;
	}
}

function defaultSourceRoot(): string {
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
