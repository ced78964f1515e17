export * as Cart from './parts.js';
export { default as AddToCart } from './add-to-cart.svelte';
export {
	CartError,
	CartState,
	defaultCartLabels,
	getCart,
	setCart,
	type CartOptions,
	type CartResult
} from './cart.svelte.js';
export {
	MAX_LINE_QUANTITY,
	parseCartLine,
	lineLimit,
	localStorageAdapter,
	memoryAdapter,
	parseStoredCart
} from './cart-storage.js';
export type {
	CartErrorCode,
	CartItemInput,
	CartLabels,
	CartLine,
	CartLineRef,
	CartLineView,
	CartStorage,
	StoredCart
} from './types.js';
