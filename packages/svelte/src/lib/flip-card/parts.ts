export { default as Root } from './flip-card-root.svelte';
export { default as Front } from './flip-card-front.svelte';
export { default as Back } from './flip-card-back.svelte';
