import { execFile } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	realpathSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundleZip, bundles, type BundleSku } from './bundles.js';

/**
 * Every bundle ZIP, built as the download route serves it, unzipped into a fresh SvelteKit app
 * (one app, each bundle in its own folder so none can borrow a file from another), imported from a
 * page each, then type-checked with svelte-check and built with Vite. No network: the app's
 * node_modules links the workspace's installed packages, the ones the READMEs name.
 */

const run = promisify(execFile);
const appRoot = fileURLToPath(new URL('../../..', import.meta.url));
const searchPaths = [
	join(appRoot, 'node_modules'),
	join(appRoot, '../../packages/svelte/node_modules'),
	join(appRoot, '../../packages/sandbox/node_modules')
];
const installed = [
	'@sveltejs/kit',
	'@sveltejs/vite-plugin-svelte',
	'svelte',
	'svelte-check',
	'typescript',
	'vite',
	'zod',
	'@stripe/stripe-js',
	'stripe',
	'pdfkit',
	'@types/pdfkit',
	'@types/node'
];

function workspacePackage(name: string): string {
	for (const folder of searchPaths) {
		const candidate = join(folder, name);
		if (statSync(candidate, { throwIfNoEntry: false })) return realpathSync(candidate);
	}
	throw new Error(`${name} is not installed in the workspace; run pnpm install.`);
}

const folders: Record<BundleSku, string> = {
	'bundle-starter': 'starter',
	'bundle-professional': 'professional',
	'bundle-enterprise': 'enterprise'
};

// What a buyer writes: the README's imports, a component of each feature sold, rendered.
const pages: Record<BundleSku, Record<string, string>> = {
	'bundle-starter': {
		'src/routes/starter/+page.svelte': `<script lang="ts">
	import '$lib/starter/nobs-pay/styles.css';
	import { AddToCart, Cart, formatMoney, money } from '$lib/starter/nobs-pay';
</script>

<Cart.Root currency="usd">
	<AddToCart item={{ sku: 'tee', name: 'Tee', unitAmount: 1500, currency: 'usd' }} />
	<Cart.List />
</Cart.Root>
<p>{formatMoney(money({ amount: 1999, currency: 'usd' }))}</p>
`
	},
	'bundle-professional': {
		'src/routes/professional/+page.svelte': `<script lang="ts">
	import '$lib/professional/nobs-pay/styles.css';
	import { Checkout, FlipCard, Pricing, getStripe, money, type Catalog } from '$lib/professional/nobs-pay';

	// In the browser a catalog is a typed object; the server validates it (defineCatalog).
	const catalog: Catalog = { products: [] };
	const stripe = getStripe('pk_test_123');
</script>

<Pricing.Root {catalog} />
<FlipCard.Root><FlipCard.Front>Front</FlipCard.Front><FlipCard.Back>Back</FlipCard.Back></FlipCard.Root>
<Checkout.Root
	{stripe}
	amount={money({ amount: 1000, currency: 'usd' })}
	createPaymentIntent={async () => ({ clientSecret: 'pi_1_secret_1' })}
>
	<Checkout.PaymentElement />
</Checkout.Root>
`
	},
	'bundle-enterprise': {
		'src/routes/enterprise/+page.svelte': `<script lang="ts">
	import '$lib/enterprise/nobs-pay/styles.css';
	import { Pricing, openBillingPortal } from '$lib/enterprise/nobs-pay';

	let { data } = $props();
</script>

<Pricing.Root catalog={data.catalog} />
<button onclick={() => openBillingPortal({ endpoint: '/portal' })}>Billing</button>
`,
		'src/routes/enterprise/+page.server.ts': `import { defineCatalog, memoryInbox } from '$lib/enterprise/nobs-pay/server';
import { startSandbox } from '$lib/enterprise/nobs-pay/sandbox';

export const load = async () => {
	const inbox = memoryInbox();
	return { catalog: defineCatalog({ products: [] }), started: typeof startSandbox, inbox: typeof inbox };
};
`
	}
};

const skeleton: Record<string, string> = {
	'package.json': JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }),
	'svelte.config.js': `import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
export default { preprocess: vitePreprocess(), kit: {} };
`,
	'vite.config.ts': `import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
export default defineConfig({ plugins: [sveltekit()] });
`,
	// What \`npx sv create\` writes.
	'tsconfig.json': JSON.stringify({
		extends: './.svelte-kit/tsconfig.json',
		compilerOptions: {
			allowJs: true,
			checkJs: true,
			esModuleInterop: true,
			forceConsistentCasingInFileNames: true,
			resolveJsonModule: true,
			skipLibCheck: true,
			sourceMap: true,
			strict: true,
			moduleResolution: 'bundler'
		}
	}),
	'src/app.d.ts': 'declare global {\n\tnamespace App {}\n}\n\nexport {};\n',
	'src/app.html': `<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		%sveltekit.head%
	</head>
	<body><div style="display: contents">%sveltekit.body%</div></body>
</html>
`
};

describe('every bundle ZIP in a fresh SvelteKit app', () => {
	let app: string;

	beforeAll(() => {
		app = mkdtempSync(join(tmpdir(), 'nobs-bundle-app-'));
		const write = (path: string, contents: string | Uint8Array) => {
			mkdirSync(dirname(join(app, path)), { recursive: true });
			writeFileSync(join(app, path), contents);
		};
		for (const [path, contents] of Object.entries(skeleton)) write(path, contents);
		for (const name of installed) {
			mkdirSync(dirname(join(app, 'node_modules', name)), { recursive: true });
			symlinkSync(workspacePackage(name), join(app, 'node_modules', name), 'dir');
		}
		for (const sku of Object.keys(bundles) as BundleSku[]) {
			const files = unzipSync(buildBundleZip(sku));
			for (const [path, contents] of Object.entries(files)) {
				write(`src/lib/${folders[sku]}/${path}`, contents);
			}
			for (const [path, contents] of Object.entries(pages[sku])) write(path, contents);
		}
	});

	afterAll(() => {
		if (app) rmSync(app, { recursive: true, force: true });
	});

	const tool = async (bin: string, args: string[]) => {
		try {
			return await run(process.execPath, [bin, ...args], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
		} catch (failure) {
			const { stdout = '', stderr = '' } = failure as { stdout?: string; stderr?: string };
			throw new Error(`${bin} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
		}
	};

	// Bounded work, not a wait: the limit is only there to stop a hung compiler.
	it('type-checks with svelte-check and builds with vite', { timeout: 600_000 }, async () => {
		await tool(join(workspacePackage('@sveltejs/kit'), 'svelte-kit.js'), ['sync']);
		const check = await tool(join(workspacePackage('svelte-check'), 'bin/svelte-check'), [
			'--tsconfig',
			'./tsconfig.json',
			'--fail-on-warnings',
			'--output',
			'machine'
		]);
		expect(check.stdout).toMatch(/COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/);

		await tool(join(workspacePackage('vite'), 'bin/vite.js'), ['build', '--logLevel', 'warn']);
		for (const folder of Object.values(folders)) {
			expect(
				statSync(join(app, '.svelte-kit/output/server/entries/pages', folder)).isDirectory()
			).toBe(true);
		}
	});
});
