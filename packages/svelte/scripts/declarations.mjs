// Makes the declarations svelte-package wrote resolve under `moduleResolution: node16` too.
// They import components as `./cart-root.svelte`: bundler resolution finds `cart-root.svelte.d.ts`
// for that, node16 only looks for `cart-root.d.svelte.ts` and leaves every component `any`.
// `./cart-root.svelte.js` reaches `cart-root.svelte.d.ts` under both. Only `.d.ts` files change:
// the JavaScript keeps importing the `.svelte` files a bundler compiles.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const svelteImport = /((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]+\.svelte)(['"])/g;

let changed = 0;
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
	if (!file.endsWith('.d.ts')) continue;
	const path = join(dist, file);
	const source = readFileSync(path, 'utf8');
	const fixed = source.replace(svelteImport, '$1.js$2');
	if (fixed !== source) {
		writeFileSync(path, fixed);
		changed += 1;
	}
}
console.log(`declarations: .svelte imports made node16-resolvable in ${changed} file(s)`);
