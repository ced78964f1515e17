import type { Appearance } from '@stripe/stripe-js';

/**
 * The appearance bridge. Page CSS cannot reach into Stripe's iframes, so the `--nobs-*` theme
 * tokens are read from the page and handed to Stripe's Appearance API instead.
 */

/** Which `--nobs-*` token feeds which Stripe appearance variable. */
export const TOKEN_VARIABLES = {
	'--nobs-color-primary': 'colorPrimary',
	'--nobs-color-primary-text': 'colorPrimaryText',
	'--nobs-color-background': 'colorBackground',
	'--nobs-color-text': 'colorText',
	'--nobs-color-text-muted': 'colorTextSecondary',
	'--nobs-color-danger': 'colorDanger',
	'--nobs-color-success': 'colorSuccess',
	'--nobs-font-family': 'fontFamily',
	'--nobs-font-size': 'fontSizeBase',
	'--nobs-radius': 'borderRadius',
	'--nobs-spacing': 'spacingUnit'
} as const satisfies Record<string, keyof NonNullable<Appearance['variables']>>;

export type ThemeTokens = Partial<Record<keyof typeof TOKEN_VARIABLES, string>>;

export interface AppearanceFromTokensInput {
	tokens: ThemeTokens;
	/** Dark colour scheme: picks Stripe's `night` base theme under the token colours. */
	dark: boolean;
	/** Pixels per `rem` on the page, because `rem` inside Stripe's iframe means the iframe's root. @default 16 */
	remPx?: number;
}

/**
 * Maps theme tokens to a Stripe `Appearance`. Empty tokens are left out so Stripe's theme
 * defaults apply; `rem` lengths become `px`.
 * @example appearanceFromTokens({ tokens: { '--nobs-radius': '0.5rem' }, dark: false })
 * // { theme: 'stripe', variables: { borderRadius: '8px' } }
 */
export function appearanceFromTokens({
	tokens,
	dark,
	remPx = 16
}: AppearanceFromTokensInput): Appearance {
	const variables: Record<string, string> = {};
	for (const [token, variable] of Object.entries(TOKEN_VARIABLES)) {
		const value = tokens[token as keyof ThemeTokens]?.trim();
		if (value) variables[variable] = remToPx(value, remPx);
	}
	return { theme: dark ? 'night' : 'stripe', variables };
}

function remToPx(value: string, remPx: number): string {
	const match = /^(-?\d*\.?\d+)rem$/.exec(value);
	return match ? `${Number(match[1]) * remPx}px` : value;
}

/** Reads the tokens in effect at `node` (inherited from any themed ancestor) and maps them. */
export function readAppearance(node: Element): Appearance {
	const style = getComputedStyle(node);
	return appearanceFromTokens({
		tokens: Object.fromEntries(
			Object.keys(TOKEN_VARIABLES).map((token) => [token, style.getPropertyValue(token)])
		),
		dark: style.colorScheme.includes('dark'),
		remPx: parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
	});
}

/**
 * Calls `onChange` whenever the light/dark theme may have changed: a `data-nobs-theme` or
 * `class` attribute anywhere in the document, or the system colour scheme. Returns a cleanup.
 */
export function watchTheme(onChange: () => void): () => void {
	const observer = new MutationObserver(onChange);
	observer.observe(document.documentElement, {
		attributes: true,
		subtree: true,
		attributeFilter: ['data-nobs-theme', 'class']
	});
	const media = matchMedia('(prefers-color-scheme: dark)');
	media.addEventListener('change', onChange);
	return () => {
		observer.disconnect();
		media.removeEventListener('change', onChange);
	};
}
