import type { Preview } from '@storybook/sveltekit';
import '../src/lib/styles.css';

const preview: Preview = {
	parameters: {
		layout: 'padded',
		// Every story fails its test on any axe-core violation.
		a11y: { test: 'error' }
	},
	globalTypes: {
		theme: {
			description: 'Colour scheme',
			toolbar: { title: 'Theme', items: ['light', 'dark'], dynamicTitle: true }
		}
	},
	initialGlobals: { theme: 'light' },
	// A story may force a theme with `parameters: { theme: 'dark' }`.
	beforeEach: ({ globals, parameters }) => {
		const theme = parameters.theme ?? globals.theme ?? 'light';
		document.documentElement.dataset.nobsTheme = theme;
		document.body.style.background = 'var(--nobs-color-background)';
		document.body.style.color = 'var(--nobs-color-text)';
		// The theme's type, so a story looks as the components do in an app that uses theme.css.
		document.body.style.fontFamily = 'var(--nobs-font-family)';
		document.body.style.fontSize = 'var(--nobs-font-size)';
	}
};

export default preview;
