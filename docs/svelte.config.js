import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';

/**
 * GitHub-style heading ids, so `page#some-heading` links work as they do on GitHub, and
 * keyboard access to code blocks and tables that scroll sideways.
 */
function headingIds() {
	const text = (node) =>
		node.type === 'text' ? node.value : (node.children ?? []).map(text).join('');
	const visit = (node) => {
		if (/^h[1-6]$/.test(node.tagName ?? '')) {
			node.properties ??= {};
			node.properties.id ??= text(node)
				.toLowerCase()
				.replace(/[^\w\s-]/g, '')
				.trim()
				.replace(/\s+/g, '-');
		}
		if (node.tagName === 'pre' || node.tagName === 'table') {
			node.properties ??= {};
			node.properties.tabIndex = 0;
		}
		(node.children ?? []).forEach(visit);
	};
	return (tree) => visit(tree);
}

/** @type {import('@sveltejs/kit').Config} */
export default {
	extensions: ['.svelte', '.md'],
	preprocess: [mdsvex({ extensions: ['.md'], rehypePlugins: [headingIds] }), vitePreprocess()],
	kit: {
		adapter: adapter({ strict: true }),
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' }
	}
};
