import AddToCartPart from './add-to-cart.svelte';

export * as Cart from './parts.js';
/** @deprecated Use `Cart.AddToCart`, a part like the others; this alias goes in the next minor. */
export const AddToCart = AddToCartPart;
export {
	CartError,
	CartState,
	defaultCartLabels,
	getCart,
	setCart,
	useCart,
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
	CartAddToCartProps,
	CartDrawerProps,
	CartEmptyProps,
	CartItemProps,
	CartListProps,
	CartQuantityProps,
	CartRootProps,
	CartSummaryProps,
	CartTriggerProps,
	CartErrorCode,
	CartProduct,
	CartItemInput,
	CartLabels,
	CartLine,
	CartLineRef,
	CartLineView,
	CartStorage,
	StoredCart
} from './types.js';
