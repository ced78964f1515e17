// Size benchmark: builds each public component group the way a consumer app would (Vite
// production build of the packaged `dist`, Svelte's runtime and Stripe.js left out as the app
// already has them) and prints the gzip size of the JavaScript. `--check` fails on a limit.
// Run after `pnpm build`. Deterministic: same sources, same bytes.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const dist = new URL('../dist/index.js', import.meta.url).pathname;
const check = process.argv.includes('--check');

/** Public exports to measure together, with their budget in gzip bytes. */
const groups = [
	{ name: 'FlipCard', exports: ['FlipCard'], limit: 1536 },
	{ name: 'Pricing', exports: ['Pricing'], limit: 4096 },
	{ name: 'Cart (all parts)', exports: ['Cart', 'AddToCart'], limit: 6144 },
	{ name: 'Checkout (all parts)', exports: ['Checkout'], limit: 6144 },
	{ name: 'Billing (all parts)', exports: ['Billing'], limit: 8704 },
	{ name: 'Money', exports: ['formatMoney', 'money', 'addMoney', 'multiplyMoney'], limit: 1024 }
];

/** Published sizes quoted in ../shared/ANCHORS.md, for comparison (not measured here). */
const published = [
	['@stripe/react-stripe-js 7 (main file)', 5.9],
	['use-shopping-cart 3.2 (plus Redux)', 5.3],
	['svelte-stripe 2.0 (source)', 2.1]
];

if (!existsSync(dist)) {
	console.error('dist/ is missing: run `pnpm build` in packages/svelte first.');
	process.exit(1);
}

async function measure(names) {
	const dir = mkdtempSync(join(tmpdir(), 'nobs-size-'));
	const entry = join(dir, 'entry.js');
	writeFileSync(entry, `export { ${names.join(', ')} } from ${JSON.stringify(dist)};\n`);
	try {
		// An application build, not library mode: Vite keeps whitespace in ES library builds,
		// while an app that ships these components minifies fully.
		const output = await build({
			root: dir,
			configFile: false,
			logLevel: 'silent',
			plugins: [svelte({ compilerOptions: { css: 'external' } })],
			build: {
				write: false,
				minify: 'esbuild',
				modulePreload: false,
				rollupOptions: {
					input: entry,
					preserveEntrySignatures: 'strict',
					external: [/^svelte($|\/)/, /^@stripe\/stripe-js($|\/)/]
				}
			}
		});
		const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output);
		const js = chunks.filter((chunk) => chunk.type === 'chunk');
		const raw = js.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0);
		const gzip = js.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
		return { raw, gzip };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

let failed = false;
console.log('Component group            gzip      raw   limit');
for (const group of groups) {
	const result = await measure(group.exports).catch((error) => error);
	if (result instanceof Error) {
		console.log(`${group.name.padEnd(24)} could not be built: ${result.message.split('\n')[0]}`);
		failed = true;
		continue;
	}
	const { raw, gzip } = result;
	const over = gzip > group.limit;
	failed ||= over;
	console.log(
		`${group.name.padEnd(24)} ${(gzip / 1024).toFixed(2).padStart(6)} kB ${(raw / 1024).toFixed(1).padStart(6)} kB ${(group.limit / 1024).toFixed(1)} kB ${over ? '✗ over' : '✓'}`
	);
}
console.log('\nFor comparison (published figures, gzip):');
for (const [name, kb] of published) console.log(`  ${name}: ${kb} kB`);
if (check && failed) {
	console.error('\nSize check failed: a group is over its limit or missing.');
	process.exit(1);
}
