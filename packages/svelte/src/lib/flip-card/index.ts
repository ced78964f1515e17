export * as FlipCard from './parts.js';
export {
	FlipCardState,
	defaultFlipCardLabels,
	useFlipCard,
	type FlipCardOptions,
	type FlipCardSide
} from './flip-card.svelte.js';
export type {
	FlipCardBackProps,
	FlipCardFaceProps,
	FlipCardFrontProps,
	FlipCardLabels,
	FlipCardRootProps
} from './types.js';
