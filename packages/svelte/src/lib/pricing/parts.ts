export { default as Root } from './pricing-root.svelte';
export { default as IntervalSwitch } from './pricing-interval-switch.svelte';
export { default as Tier } from './pricing-tier.svelte';
