import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// The pages import theme.css and the example app's files as text (`?raw`).
	server: { fs: { allow: ['..'] } }
});
