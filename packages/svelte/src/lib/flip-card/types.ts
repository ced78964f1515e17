import type { Snippet } from 'svelte';
import type { HTMLAttributes } from 'svelte/elements';

/** Every text the flip card renders, so an app can translate it. */
export interface FlipCardLabels {
	/** Accessible name of the flip toggle; it stays the same while `aria-pressed` says the side. */
	flip: string;
}

export type FlipCardRootProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	/** Whether the back is showing. @bindable @default false */
	flipped?: boolean;
	onFlippedChange?: (flipped: boolean) => void;
	/** Also flip while a mouse pointer rests on the card (touch and keyboard still toggle). @default false */
	flipOnHover?: boolean;
	/** Accessible name of this card's flip toggle, e.g. "Flip the Pro plan card". @default labels.flip */
	label?: string;
	labels?: Partial<FlipCardLabels>;
	children?: Snippet;
};

/** Props of either face. */
export type FlipCardFaceProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	/** The face's content; links and buttons in it are reachable only while it shows. */
	children?: Snippet;
};

export type FlipCardFrontProps = FlipCardFaceProps;
export type FlipCardBackProps = FlipCardFaceProps;
