import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

// The never-rules of @nobs-pay/svelte (HOUSE_STYLE.md), as import bans per side of the package.
// Component code never imports server code; server code never imports components; nothing in
// the library imports the sandbox, except test setup files through its public package name.
const lib = 'packages/svelte/src/lib';
const ban = (regex, message) => ({ regex, message });
const serverCode = ban(
	'^\\.{1,2}/(.*/)?server(/|$)|^\\$lib/server|^@nobs-pay/svelte/server',
	'Components never import server code (it holds secrets and Node APIs): move shared code to src/lib/internal/.'
);
const componentCode = ban(
	'\\.svelte(\\.[jt]s)?$|/parts\\.js$|^@nobs-pay/svelte$|^\\$lib$',
	'Server code never imports components: import the plain module (e.g. ../pricing/catalog.js).'
);
const sandboxSource = ban(
	'(^|/)sandbox/src(/|$)|packages/sandbox/',
	'Never import the sandbox by path: test setup files use its public name, @nobs-pay/sandbox.'
);
const sandboxPackage = ban(
	'^@nobs-pay/sandbox(/|$)',
	'Library code never imports the sandbox: only test setup files (test/**, *setup*) may, by its public name.'
);
const testSetup = ['**/test/**', '**/*setup*'];
const importRules = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default ts.config(
	{
		ignores: [
			'**/node_modules/',
			'**/dist/',
			'**/build/',
			'**/.svelte-kit/',
			'**/storybook-static/',
			'**/data/',
			'**/test-results/',
			'**/playwright-report/',
			'apps/marketplace/drizzle/',
			'**/.build/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already reports undefined names, with better messages.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		// The apps and the docs site are served from the root path, so plain hrefs are right and easier to read
		// than resolve('/checkout') everywhere.
		files: ['apps/marketplace/**', 'apps/example/**', 'docs/**'],
		rules: { 'svelte/no-navigation-without-resolve': 'off' }
	},
	{
		files: [`${lib}/**`],
		ignores: [`${lib}/server/**`],
		rules: importRules(serverCode, sandboxSource, sandboxPackage)
	},
	{
		files: [`${lib}/server/**`],
		rules: importRules(componentCode, sandboxSource, sandboxPackage)
	},
	{
		files: testSetup.map((glob) => `${lib}/${glob}`),
		ignores: [`${lib}/server/**`],
		rules: importRules(serverCode, sandboxSource)
	},
	{
		files: testSetup.map((glob) => `${lib}/server/${glob}`),
		rules: importRules(componentCode, sandboxSource)
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser }
		}
	}
);
