import type { Component } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { LazyComponent } from './lazy-component.svelte';

const Part = (() => {}) as unknown as Component;

/** Resolves once every pending promise callback has run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LazyComponent', () => {
	it('downloads once however often it is asked, and holds the component when it arrives', async () => {
		const importer = vi.fn(async () => ({ default: Part }));
		const lazy = new LazyComponent(importer);
		expect(lazy.current).toBeUndefined();

		lazy.load();
		lazy.load();
		await settle();
		lazy.load();

		expect(importer).toHaveBeenCalledTimes(1);
		expect(lazy.current).toBe(Part);
	});

	it('tries again after a failed download', async () => {
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const importer = vi
			.fn<() => Promise<{ default: Component }>>()
			.mockRejectedValueOnce(new Error('offline'))
			.mockResolvedValueOnce({ default: Part });
		const lazy = new LazyComponent(importer);

		lazy.load();
		await settle();
		expect(lazy.current).toBeUndefined();
		expect(error).toHaveBeenCalledOnce();

		lazy.load();
		await settle();
		expect(importer).toHaveBeenCalledTimes(2);
		expect(lazy.current).toBe(Part);
		error.mockRestore();
	});
});
