export * as FlipCard from './parts.js';
export {
	FlipCardState,
	defaultFlipCardLabels,
	type FlipCardOptions,
	type FlipCardSide
} from './flip-card.svelte.js';
export type { FlipCardFaceProps, FlipCardLabels, FlipCardRootProps } from './types.js';
