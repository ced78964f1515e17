import { createContext } from 'svelte';

/**
 * One feature's context, the same way in every feature: `set` in the Root, `use` in the parts.
 * `use` names the misplaced part and its Root, because Svelte's own error names neither.
 * @param root The provider, e.g. `'<Cart.Root>'`.
 */
export function defineContext<T>(root: string) {
	const [get, set, has] = createContext<T>();
	return {
		set: (value: T): T => set(value),
		/** @param part The caller, e.g. `'<Cart.Item>'`. */
		use: (part: string): T => {
			if (!has()) throw new Error(`${part} must be used inside ${root}.`);
			return get();
		}
	};
}
