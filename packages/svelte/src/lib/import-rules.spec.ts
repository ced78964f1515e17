// The never-rules of the library are lint rules (root eslint.config.js). This lints small
// snippets as if they sat at a path in the package, so a rule that stops firing fails here.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function bannedImports(path: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, {
		filePath: `${root}packages/svelte/src/lib/${path}`
	});
	return result!.messages
		.filter((message) => message.ruleId === 'no-restricted-imports')
		.map((message) => message.message);
}

// Loading the config (typescript-eslint, the Svelte plugin) takes seconds on a busy machine; the
// first lint pays for it once, and each case lints a few lines.
beforeAll(() => bannedImports('cart/warm-up.ts', 'export {};\n'), 120_000);

describe('import rules', { timeout: 30_000 }, () => {
	it('stop component code from importing server code', async () => {
		expect(await bannedImports('cart/bad.ts', "import '../server/index.js';\n")).toEqual([
			expect.stringContaining('Components never import server code')
		]);
		expect(await bannedImports('cart/bad.ts', "import '@nobs-pay/svelte/server';\n")).toHaveLength(
			1
		);
		expect(await bannedImports('cart/bad.spec.ts', "import 'svelte/server';\n")).toEqual([]);
	});

	it('stop server code from importing components', async () => {
		expect(await bannedImports('server/bad.ts', "import '../cart/cart-root.svelte';\n")).toEqual([
			expect.stringContaining('Server code never imports components')
		]);
		expect(await bannedImports('server/bad.ts', "import '../cart/cart.svelte.js';\n")).toHaveLength(
			1
		);
		expect(await bannedImports('server/bad.ts', "import '../pricing/catalog.js';\n")).toEqual([]);
	});

	it('let only test setup files import the sandbox, and only by its package name', async () => {
		const byName = "import { startSandbox } from '@nobs-pay/sandbox';\n";
		const byPath = "import { startSandbox } from '../../../../sandbox/src/index.js';\n";
		expect(await bannedImports('cart/bad.spec.ts', byName)).toEqual([
			expect.stringContaining('Library code never imports the sandbox')
		]);
		expect(await bannedImports('server/bad.ts', byName)).toHaveLength(1);
		expect(await bannedImports('checkout/test/sandbox-setup.ts', byName)).toEqual([]);
		expect(await bannedImports('server/test/sandbox.ts', byName)).toEqual([]);
		expect(await bannedImports('server/test/sandbox.ts', byPath)).toEqual([
			expect.stringContaining('Never import the sandbox by path')
		]);
	});
});
