import type { StorybookConfig } from '@storybook/sveltekit';
import { sandboxPlugin } from './sandbox-plugin.js';

const config: StorybookConfig = {
	stories: ['../src/**/*.stories.svelte'],
	addons: [
		'@storybook/addon-svelte-csf',
		'@storybook/addon-docs',
		'@storybook/addon-a11y',
		'@storybook/addon-vitest'
	],
	framework: { name: '@storybook/sveltekit', options: {} },
	core: { disableTelemetry: true, disableWhatsNewNotifications: true },
	viteFinal: (config) => ({ ...config, plugins: [...(config.plugins ?? []), sandboxPlugin()] })
};

export default config;
