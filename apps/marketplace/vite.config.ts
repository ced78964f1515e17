import { sveltekit } from '@sveltejs/kit/vite';
import type { Rollup } from 'vite';
import { defineConfig } from 'vitest/config';

// The framework's browser code (Svelte's runtime, SvelteKit's client) as one chunk. Rollup splits
// it into a dozen chunks by which routes use which part, yet every page loads nearly all of them
// before it runs: a dozen files gzip to about 5 kB more than one (55.2 -> 49.0 kB on a product
// page), and cost a dozen requests. Only modules the start-up code can reach are taken (not, for
// example, `$app/forms`). Svelte's optional features (transitions, await blocks, some bindings) go
// to a chunk of their own: Rollup would otherwise pull them in through Svelte's index module,
// and the product page uses none of them. `<svelte:element>` is not among them: the library's parts
// build their markup for one renderer that uses it, and the layout's cart does (as an extra
// chunk it cost the product page 2.9 kB more: 50.1 kB against 47.3 kB in the framework chunk).
const framework =
	/\/node_modules\/(svelte|@sveltejs\/kit|devalue|esm-env|clsx)\/|vite\/preload-helper/;
const optional =
	/\/svelte\/src\/internal\/(client\/(dom\/(blocks\/(await|key)|elements\/(actions|transitions|bindings\/(input|size)))|loop|timing)|shared\/clone)\.js$/;
const startupRoots =
	/\/@sveltejs\/kit\/src\/runtime\/client\/entry\.js$|\/generated\/client-optimized\/(app|nodes\/0|nodes\/1)\.js$/;

function frameworkChunk(): Rollup.GetManualChunk {
	let startup: Set<string> | undefined;
	return (id, { getModuleIds, getModuleInfo }) => {
		startup ??= reachable(
			[...getModuleIds()].filter((id) => startupRoots.test(id)),
			getModuleInfo
		);
		if (optional.test(id)) return 'svelte-extras';
		return startup.has(id) && framework.test(id) ? 'framework' : undefined;
	};
}

/** Every module the given ones import, directly or not (dynamic imports left out). */
function reachable(roots: string[], getModuleInfo: Rollup.GetModuleInfo) {
	const seen = new Set(roots);
	const queue = [...roots];
	for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
		for (const imported of getModuleInfo(id)?.importedIds ?? []) {
			if (!seen.has(imported)) {
				seen.add(imported);
				queue.push(imported);
			}
		}
	}
	return seen;
}

export default defineConfig({
	plugins: [sveltekit()],
	environments: {
		client: {
			build: {
				// Terser's two passes make the browser's code about 4% smaller than esbuild's minifier
				// (product page 49.0 -> 47.2 kB gzip) for some seconds more of build.
				minify: 'terser',
				terserOptions: { compress: { passes: 2 } },
				rollupOptions: { output: { manualChunks: frameworkChunk() } }
			}
		}
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'marketplace:unit',
					environment: 'node',
					include: ['src/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts'],
					// Database suites start PGlite (a WASM Postgres) per test file and migrate it: a few
					// seconds idle, over 30 s with the machine loaded (load 12 on 2 cores failed a
					// migration test at 30 s). These are ceilings against hangs, not speed limits.
					testTimeout: 180_000,
					hookTimeout: 300_000
				}
			}
		]
	}
});
