// Public API of @nobs-pay/svelte. Explicit exports only: anything not listed here is private.
export * from './money/index.js';
export * from './cart/index.js';
export * from './checkout/index.js';
export * from './billing/index.js';
export * from './pricing/index.js';
export * from './flip-card/index.js';
