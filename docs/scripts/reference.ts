// Generates the component reference from the library's types: every `<Feature><Part>Props`
// exported by packages/svelte/src/lib/<feature>/types.ts, with each prop's type, JSDoc and
// `@default`, sorted into props, events (`on…`) and snippets. Run before `vite dev`/`build`.
import { mkdirSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const lib = fileURLToPath(new URL('../../packages/svelte/src/lib', import.meta.url));
const out = fileURLToPath(new URL('../src/lib/generated/reference.json', import.meta.url));

export interface PropDoc {
	name: string;
	type: string;
	optional: boolean;
	description: string;
	default?: string;
	kind: 'prop' | 'event' | 'snippet';
}

export interface PartDoc {
	name: string;
	feature: string;
	props: PropDoc[];
}

const files = readdirSync(lib)
	.map((feature) => join(lib, feature, 'types.ts'))
	.filter((file) => existsSync(file));
const program = ts.createProgram(files, {
	strict: true,
	target: ts.ScriptTarget.ES2022,
	module: ts.ModuleKind.ESNext,
	moduleResolution: ts.ModuleResolutionKind.Bundler,
	skipLibCheck: true
});
const checker = program.getTypeChecker();

const parts: PartDoc[] = [];
for (const file of files) {
	const source = program.getSourceFile(file);
	const moduleSymbol = source && checker.getSymbolAtLocation(source);
	if (!moduleSymbol) continue;
	const feature = file.split('/').at(-2) ?? '';
	for (const exported of checker.getExportsOfModule(moduleSymbol)) {
		if (!exported.name.endsWith('Props')) continue;
		const type = checker.getDeclaredTypeOfSymbol(exported);
		const props = checker
			.getPropertiesOfType(type)
			// Only what the library declares, not the inherited HTML attributes.
			.filter((prop) => prop.declarations?.some((d) => d.getSourceFile().fileName.startsWith(lib)))
			.map((prop) => describe(prop, source));
		parts.push({ name: exported.name, feature, props });
	}
}

function describe(prop: ts.Symbol, source: ts.SourceFile): PropDoc {
	const declaration = prop.declarations?.[0];
	const type = checker.typeToString(
		checker.getTypeOfSymbolAtLocation(prop, declaration ?? source),
		undefined,
		ts.TypeFormatFlags.NoTruncation
	);
	const tags = prop.getJsDocTags(checker);
	const defaultTag = tags.find((tag) => tag.name === 'default');
	const kind = /Snippet/.test(type) ? 'snippet' : /^on[A-Z]/.test(prop.name) ? 'event' : 'prop';
	return {
		name: prop.name,
		type: type.replace(/ \| undefined$/, ''),
		optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
		description: ts.displayPartsToString(prop.getDocumentationComment(checker)),
		...(defaultTag ? { default: ts.displayPartsToString(defaultTag.text) } : {}),
		kind
	};
}

parts.sort((a, b) => a.name.localeCompare(b.name));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(parts, null, '\t')}\n`);
console.log(`reference: ${parts.length} parts from ${files.length} types.ts files`);
