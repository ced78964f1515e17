// Checks the two published packages as a consumer meets them: from their packed tarballs, not
// from the workspace. For each of @nobs-pay/svelte and @nobs-pay/sandbox:
// - `publint --strict` (it packs the package itself);
// - `attw` (Are The Types Wrong) on the tarball, ESM-only profile (neither package ships CJS);
// - `tsc` with `skipLibCheck: false` on a small consumer that imports every entry point, under
//   `moduleResolution` bundler and node16, so every shipped declaration is type-checked.
// The consumer's node_modules holds the unpacked tarballs and links to the workspace's copies of
// their dependencies and peers, so it runs offline. Run by the `check` step of scripts/test.mjs;
// the packages must be built first (`pnpm build`).
import { spawnSync } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	realpathSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const packages = [
	{ name: '@nobs-pay/svelte', dir: 'packages/svelte' },
	{ name: '@nobs-pay/sandbox', dir: 'packages/sandbox' }
];
/** What the consumer needs besides the two packages, taken from where the workspace has them. */
const linked = ['svelte', 'stripe', '@stripe/stripe-js', 'zod', '@types/node'];

const work = mkdtempSync(join(tmpdir(), 'nobs-pack-check-'));
let failures = 0;

function run(label, command, args, cwd = root) {
	console.log(`\n▶ ${label}`);
	const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
	if (result.status !== 0) {
		failures += 1;
		console.log(`✗ ${label} (exit ${result.status ?? result.signal})`);
	}
	return result.status === 0;
}

// The pnpm running this script, else the root package.json's `packageManager` through npx.
const execPath = process.env.npm_execpath ?? '';
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const [pnpm, ...pnpmArgs] = /pnpm/.test(execPath)
	? [process.execPath, execPath]
	: ['npx', '-y', packageManager];

const modules = join(work, 'consumer/node_modules');
for (const { name, dir } of packages) {
	const packed = join(work, 'packed', name);
	mkdirSync(packed, { recursive: true });
	if (
		!run(`pack ${name}`, pnpm, [...pnpmArgs, 'pack', '--pack-destination', packed], join(root, dir))
	) {
		continue;
	}
	const [tarball = ''] = readdirSync(packed).filter((file) => file.endsWith('.tgz'));
	run(`publint --strict ${name}`, bin('publint'), ['run', join(packed, tarball), '--strict']);
	// styles.css is a stylesheet, not a module with types.
	run(`attw ${name}`, bin('attw'), [
		join(packed, tarball),
		'--profile',
		'esm-only',
		'--exclude-entrypoints',
		'./styles.css'
	]);
	const target = join(modules, name);
	mkdirSync(target, { recursive: true });
	run(`unpack ${name}`, 'tar', [
		'-xzf',
		join(packed, tarball),
		'-C',
		target,
		'--strip-components=1'
	]);
}

for (const name of linked) {
	const from = realpathSync(join(root, 'packages/svelte/node_modules', name));
	mkdirSync(dirname(join(modules, name)), { recursive: true });
	symlinkSync(from, join(modules, name), 'dir');
}

// Every entry point, and a handler used as SvelteKit uses it, so the declarations are all read.
writeFileSync(
	join(work, 'consumer/index.ts'),
	`import { Billing, Cart, Checkout, FlipCard, Pricing, formatMoney } from '@nobs-pay/svelte';
import { createPaymentIntentHandler, defineCatalog } from '@nobs-pay/svelte/server';
import { startSandbox } from '@nobs-pay/sandbox';
import { routeStripeJs } from '@nobs-pay/sandbox/playwright';
import Stripe from 'stripe';
import type { ComponentProps } from 'svelte';

interface RequestEvent {
	request: Request;
	locals: { customerId?: string };
}

const catalog = defineCatalog({
	products: [{ id: 'book', name: 'Book', prices: [{ sku: 'book', currency: 'usd', unitAmount: 100 }] }]
});
const stripe = new Stripe('sk_test_consumer');
export const POST: (event: RequestEvent) => Promise<Response> = createPaymentIntentHandler({
	stripe,
	catalog,
	resolveOrder: ({ event, cart }) => ({ orderId: event.locals.customerId ?? String(cart.amount) })
});
// Fails if the components' declarations do not resolve (they would be \`any\`, and accept this).
// @ts-expect-error Cart.Root has no such prop
export const wrongProp: ComponentProps<typeof Cart.Root> = { notAProp: true };
export const parts = [Billing, Cart, Checkout, FlipCard, Pricing, formatMoney, startSandbox, routeStripeJs];
`
);
writeFileSync(
	join(work, 'consumer/package.json'),
	JSON.stringify({ name: 'consumer', private: true, type: 'module' })
);
for (const resolution of ['bundler', 'node16']) {
	const tsconfig = `tsconfig.${resolution}.json`;
	writeFileSync(
		join(work, 'consumer', tsconfig),
		JSON.stringify({
			compilerOptions: {
				strict: true,
				noEmit: true,
				skipLibCheck: false,
				target: 'ES2022',
				lib: ['ES2022', 'DOM', 'DOM.Iterable'],
				module: resolution === 'bundler' ? 'ESNext' : 'node16',
				moduleResolution: resolution,
				types: ['node']
			},
			files: ['index.ts']
		})
	);
	run(
		`tsc, moduleResolution ${resolution}, skipLibCheck false`,
		bin('tsc'),
		['-p', tsconfig],
		join(work, 'consumer')
	);
}

if (failures > 0) {
	console.error(`\n✗ ${failures} package check(s) failed; the consumer is kept in ${work}`);
	process.exit(1);
}
rmSync(work, { recursive: true, force: true });
console.log('\n✓ packed packages: publint, attw and tsc (bundler, node16) clean');
