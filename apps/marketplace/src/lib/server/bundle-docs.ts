/**
 * The README and LICENSE inside every bundle ZIP. The README's package list comes from the bundle's
 * import graph, so it names exactly what the files import.
 */

/**
 * The version range a buyer installs for each package the sources import, and whether it is only
 * needed for types or builds. Every module a bundle imports must be listed here (a test checks).
 */
export const bundleDependencies: Record<
	string,
	{ range: string; dev?: boolean; note?: string; types?: string }
> = {
	svelte: { range: '^5.40.0', dev: true },
	'@sveltejs/kit': { range: '^2.49.0', dev: true },
	zod: { range: '^4.1.13' },
	'@stripe/stripe-js': { range: '^10.2.1', note: 'loads Stripe.js in the browser' },
	stripe: { range: '^23.1.0', note: 'the Stripe SDK on the server' },
	pdfkit: {
		range: '^0.20.2',
		types: '@types/pdfkit@^0.17.6',
		note: "the sandbox's invoice PDFs"
	}
};

export interface BundleReadmeOptions {
	name: string;
	features: readonly string[];
	/** Bare modules the bundle's files import, from its import graph. */
	modules: readonly string[];
	sandbox: boolean;
}

/** The install guide: what to run, where the files go, where the license key goes. */
export function bundleReadme({ name, features, modules, sandbox }: BundleReadmeOptions): string {
	const packages = modules.filter((module) => !module.startsWith('node:'));
	const unknown = packages.filter((module) => !Object.hasOwn(bundleDependencies, module));
	if (unknown.length > 0) throw new Error(`No version range for ${unknown.join(', ')}.`);
	const runtime = packages.filter((module) => !bundleDependencies[module]?.dev);
	const spec = (module: string) => `${module}@${bundleDependencies[module]?.range}`;
	const dev = [
		...packages.filter((module) => bundleDependencies[module]?.dev).map(spec),
		...packages.flatMap((module) => bundleDependencies[module]?.types ?? [])
	];
	const listed = packages
		.map((module) => {
			const { range, note } = bundleDependencies[module] ?? { range: '' };
			return `- \`${module}\` ${range}${note ? `: ${note}` : ''}`;
		})
		.join('\n');
	const usesNode = modules.some((module) => module.startsWith('node:'));

	return `# ${name}

The source code of NOBS Pay (${features.join(', ')}${sandbox ? ', sandbox' : ''}) for a Svelte 5 /
SvelteKit 2 app written in TypeScript.

## Install

1. Unzip this folder into your app's \`src/lib\`, so that this file is \`src/lib/nobs-pay/README.md\`.
2. Install the packages the sources import:

   \`\`\`sh
   npm install ${runtime.map(spec).join(' ')}
   npm install -D ${dev.join(' ')}${usesNode ? ' @types/node' : ''}
   \`\`\`

${listed}${usesNode ? '\n- `@types/node`: the server files use Node built-ins (`node:crypto`, `node:http`)' : ''}

3. Import the components and load the default theme once, in \`src/routes/+layout.svelte\`:

   \`\`\`svelte
   <script lang="ts">
   	import '$lib/nobs-pay/styles.css';
   	import { Cart, formatMoney } from '$lib/nobs-pay';
   </script>
   \`\`\`
${
	features.includes('server')
		? `
   Server helpers (webhooks, PaymentIntents, Checkout Sessions) come from \`$lib/nobs-pay/server\`;
   import them only in \`+server.ts\` and \`+page.server.ts\` files.
`
		: ''
}${
		sandbox
			? `
   The offline Stripe sandbox comes from \`$lib/nobs-pay/sandbox\`: start it in tests and demos
   with \`startSandbox()\` and point the Stripe SDK at it. It is for development only: never
   import it from application code that runs in production.
`
			: ''
	}
## Your license key

Your license key (\`NOBS-…\`) is in your receipt email and on your order page. Write it in
\`LICENSE.md\` below this file, on the line \`License key:\`, and keep that file with the sources of
each project you use them in. The key is what support asks for, and anyone can check that it is
valid at \`/api/licenses/validate\` on the store. Never put it in code that ships to the browser.
`;
}

/** The per-project commercial license the bundles are sold under. */
export function bundleLicense(name: string): string {
	return `# ${name}: commercial license

License key: ____________________________

Copyright (c) NOBS Pay. All rights reserved except those granted here.

1. **Projects.** This license covers as many projects as the quantity bought on the order that
   issued the license key (the order page, the receipt and the key say "N projects"). A project is
   one application or website, with its staging and development copies.
2. **What you may do.** Use, copy and modify the source code in those projects, for yourself or
   for a client, and ship it as part of the compiled application.
3. **What you may not do.** Share, sell or publish the source code (or a modified version of it)
   on its own, in a template, starter kit or component library, or in a public repository.
4. **Refunds.** A refunded order ends the license: delete the sources from every project.
5. **No warranty.** The software is provided "as is", without warranty of any kind. In no event
   shall the authors be liable for any claim, damages or other liability arising from its use.
`;
}
