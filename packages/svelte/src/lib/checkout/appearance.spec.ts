import { describe, expect, it } from 'vitest';
import { appearanceFromTokens } from './appearance.js';

describe('appearanceFromTokens', () => {
	it('maps the theme tokens to Stripe variables', () => {
		const appearance = appearanceFromTokens({
			tokens: {
				'--nobs-color-primary': ' #4338ca',
				'--nobs-color-background': '#ffffff',
				'--nobs-color-text': '#1a1d23',
				'--nobs-color-danger': '#b42318',
				'--nobs-font-family': "system-ui, 'Segoe UI', sans-serif",
				'--nobs-radius': '0.5rem',
				'--nobs-spacing': '4px'
			},
			dark: false
		});
		expect(appearance).toEqual({
			theme: 'stripe',
			variables: {
				colorPrimary: '#4338ca',
				colorBackground: '#ffffff',
				colorText: '#1a1d23',
				colorDanger: '#b42318',
				fontFamily: "system-ui, 'Segoe UI', sans-serif",
				borderRadius: '8px',
				spacingUnit: '4px'
			}
		});
	});

	it('uses the night theme for dark and converts rem with the page root size', () => {
		const appearance = appearanceFromTokens({
			tokens: { '--nobs-spacing': '0.25rem', '--nobs-font-size': '1rem' },
			dark: true,
			remPx: 20
		});
		expect(appearance.theme).toBe('night');
		expect(appearance.variables).toEqual({ spacingUnit: '5px', fontSizeBase: '20px' });
	});

	it('leaves out empty tokens so Stripe defaults apply', () => {
		expect(
			appearanceFromTokens({ tokens: { '--nobs-color-text': '  ' }, dark: false }).variables
		).toEqual({});
	});
});
