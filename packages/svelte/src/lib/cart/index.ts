export * as Cart from './parts.js';
export { default as AddToCart } from './add-to-cart.svelte';
export {
	CartError,
	CartState,
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
	CartProduct,
	CartItemInput,
	CartLine,
	CartLineRef,
	CartLineView,
	CartStorage,
	StoredCart
} from './types.js';
