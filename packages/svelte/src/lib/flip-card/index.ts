export * as FlipCard from './parts.js';
export { FlipCardState, type FlipCardOptions, type FlipCardSide } from './flip-card.svelte.js';
export type { FlipCardFaceProps, FlipCardRootProps } from './types.js';
