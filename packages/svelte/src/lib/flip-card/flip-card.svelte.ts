import { defineContext } from '../internal/context.js';
import type { FlipCardLabels } from './types.js';

export const defaultFlipCardLabels: FlipCardLabels = { flip: 'Flip card' };

/** What `FlipCard.Root` hands its state; read through a getter so props stay reactive. */
export interface FlipCardOptions {
	flipped: boolean;
	flipOnHover: boolean;
}

export type FlipCardSide = 'front' | 'back';

/** The state of one flip card: which side shows, and how the faces hide the other one. */
export class FlipCardState {
	readonly #options: () => FlipCardOptions;
	readonly #setFlipped: (flipped: boolean) => void;

	constructor(options: { get: () => FlipCardOptions; setFlipped: (flipped: boolean) => void }) {
		this.#options = options.get;
		this.#setFlipped = options.setFlipped;
	}

	get flipped(): boolean {
		return this.#options().flipped;
	}

	toggle = (): void => this.#setFlipped(!this.flipped);

	// Hover is a mouse affordance only: on touch, pointerenter and click would fire together and
	// the card would flip twice.
	onpointerenter = (event: PointerEvent): void => {
		if (this.#options().flipOnHover && event.pointerType === 'mouse') this.#setFlipped(true);
	};

	onpointerleave = (event: PointerEvent): void => {
		if (this.#options().flipOnHover && event.pointerType === 'mouse') this.#setFlipped(false);
	};

	/** Attributes of a face: the side not showing is inert and hidden from assistive technology. */
	face = (side: FlipCardSide) => {
		const hidden = (side === 'back') !== this.flipped;
		return {
			'data-state': hidden ? 'hidden' : 'visible',
			inert: hidden,
			'aria-hidden': hidden ? ('true' as const) : undefined
		};
	};
}

const context = defineContext<FlipCardState>('<FlipCard.Root>');

export const setFlipCard = context.set;

/**
 * The state of the nearest `FlipCard.Root`. Call during component initialisation.
 * @param part Named in the error when there is no `FlipCard.Root`, e.g. `'<FlipCard.Back>'`.
 */
export const useFlipCard = (part = 'useFlipCard()'): FlipCardState => context.use(part);
