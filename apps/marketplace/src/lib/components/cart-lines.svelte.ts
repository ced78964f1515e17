import type { CartProduct, CartLineView, CartState } from '@nobs-pay/svelte';

/**
 * The store's cart lines: a removal (the Remove button, or a quantity of 0) can be undone, and a
 * refused quantity is explained next to its field instead of snapping back without a word.
 */
export class CartLines {
	/** The last line removed, until it is restored or another change happens. */
	removed = $state.raw<CartLineView | null>(null);
	#cart: CartState;

	constructor(cart: CartState) {
		this.#cart = cart;
	}

	/** The refusal to show next to `sku`'s quantity field, with what the cart kept. */
	errorFor = (sku: string): string | null => {
		const error = this.#cart.error;
		if (!error || error.sku !== sku) return null;
		const kept = this.#cart.get(sku)?.quantity;
		return kept === undefined ? error.message : `${error.message} Your cart still has ${kept}.`;
	};

	remove = (line: CartLineView) => {
		if (this.#cart.remove(line.sku).ok) this.removed = line;
	};

	/** Called before the quantity field commits: a 0 removes the line, so offer to undo it. */
	watchQuantity = (line: CartLineView, event: Event) => {
		const input = event.target;
		if (input instanceof HTMLInputElement && input.valueAsNumber === 0) this.removed = line;
		else this.removed = null;
	};

	undo = () => {
		const line = this.removed;
		if (!line) return;
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- quantity and total are not input
		const { quantity, total, ...item } = line;
		if (this.#cart.add(item satisfies CartProduct, quantity).ok) this.removed = null;
	};
}
