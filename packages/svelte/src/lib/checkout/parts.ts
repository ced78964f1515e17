export { default as Root } from './checkout-root.svelte';
export { default as PaymentElement } from './checkout-payment-element.svelte';
export { default as ExpressCheckout } from './checkout-express-checkout.svelte';
export { default as Address } from './checkout-address.svelte';
export { default as LinkAuthentication } from './checkout-link-authentication.svelte';
export { default as Submit } from './checkout-submit.svelte';
export { default as Error } from './checkout-error.svelte';
export { default as Status } from './checkout-status.svelte';
