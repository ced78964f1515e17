import type { Snippet } from 'svelte';
import type { HTMLAttributes } from 'svelte/elements';

export type FlipCardRootProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	/** Whether the back is showing. @bindable @default false */
	flipped?: boolean;
	onFlippedChange?: (flipped: boolean) => void;
	/** Also flip while a mouse pointer rests on the card (touch and keyboard still toggle). @default false */
	flipOnHover?: boolean;
	/** Accessible name of the flip toggle; it stays the same while `aria-pressed` says the state. @default 'Flip card' */
	label?: string;
	children?: Snippet;
};

export type FlipCardFaceProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'> & {
	children?: Snippet;
};
