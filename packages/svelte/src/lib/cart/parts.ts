// The `Cart` namespace: `<Cart.Root>`, `<Cart.Item>`...
export { default as Root } from './cart-root.svelte';
export { default as List } from './cart-list.svelte';
export { default as Item } from './cart-item.svelte';
export { default as Quantity } from './cart-quantity.svelte';
export { default as Summary } from './cart-summary.svelte';
export { default as Empty } from './cart-empty.svelte';
export { default as Trigger } from './cart-trigger.svelte';
export { default as Drawer } from './cart-drawer.svelte';
export { default as AddToCart } from './add-to-cart.svelte';
