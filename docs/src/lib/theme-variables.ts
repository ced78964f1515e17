import theme from '../../../packages/svelte/src/lib/theme.css?raw';

export interface ThemeVariable {
	name: string;
	light: string;
	/** The dark theme's value, when it differs. */
	dark?: string;
}

/** Every `--nobs-*` custom property of theme.css, with its light and dark values. */
export function themeVariables(css: string = theme): ThemeVariable[] {
	const variables = new Map<string, ThemeVariable>();
	// Each rule block: the selector before `{`, the declarations inside.
	for (const [, selector = '', body = ''] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
		const dark = selector.includes('dark');
		for (const [, name = '', value = ''] of body.matchAll(/(--nobs-[\w-]+)\s*:\s*([^;]+);/g)) {
			const entry = variables.get(name) ?? { name, light: value.trim() };
			if (dark) entry.dark = value.trim();
			variables.set(name, entry);
		}
	}
	return [...variables.values()];
}
