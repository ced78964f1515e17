import type { Component } from 'svelte';

/**
 * A component fetched the first time it is wanted: `load()` starts the download once (again
 * after a failure), `current` holds the component when it has arrived.
 */
export class LazyComponent<Props extends Record<string, unknown> = Record<string, never>> {
	current = $state.raw<Component<Props>>();
	#loading: Promise<void> | undefined;
	readonly #load: () => Promise<{ default: Component<Props> }>;

	constructor(load: () => Promise<{ default: Component<Props> }>) {
		this.#load = load;
	}

	load = (): void => {
		if (this.#loading) return;
		this.#loading = this.#load().then(
			(module) => {
				this.current = module.default;
			},
			(error: unknown) => {
				this.#loading = undefined;
				console.error(error);
			}
		);
	};
}
