import type { Snippet } from 'svelte';
import { createAttachmentKey, type Attachment } from 'svelte/attachments';

/**
 * What a part renders, as plain data: text, nothing (`false`, `null`, `undefined`), a snippet, an
 * element built by `h`, or a list of these. `markup.svelte` turns it into DOM. Shared by the
 * features whose parts are built this way (Billing first, then Cart, Pricing...).
 *
 * Why not a Svelte template per part: the compiled code of a template grows with every text and
 * attribute it updates (a lookup and an effect each), and the whole kit has a 16 kB budget. Built
 * as data, a part is about the size of its markup, and one small renderer (whose work is done by
 * Svelte's runtime, which every app ships) updates it. The price: Svelte's compile-time
 * accessibility warnings do not see this markup, so the stories (axe on every state) and the
 * browser tests are what check it.
 */
export type Markup = string | false | null | undefined | Snippet | MarkupElement | Markup[];

/** An element: its tag, its attributes (events as `onclick`...), its children. */
export interface MarkupElement {
	tag: string;
	attributes: Attributes;
	children: Markup[];
}

// Any attribute, property or event handler Svelte's spread accepts, and attachments.
interface Attributes {
	[name: string]: unknown;
	/** `SVG` for an element without children inside an `svg`. */
	xmlns?: string | null;
	[attachment: symbol]: Attachment<HTMLElement>;
}

/** `h('button', { type: 'button', onclick }, 'Save')`: an element, as JSX or hyperscript write it. */
export const h = (tag: string, attributes: Attributes, ...children: Markup[]): MarkupElement => ({
	tag,
	attributes,
	children
});

/** The `xmlns` of an element without children inside an `svg` (a path): the renderer creates it in SVG's namespace. */
export const SVG = 'http://www.w3.org/2000/svg';

/** `button('Save', save, { disabled })`: a `type="button"` button, the most common element of the parts. */
export const button = (
	text: Markup,
	onclick: () => unknown,
	attributes?: Attributes
): MarkupElement => h('button', { type: 'button', onclick, ...attributes }, text);

/**
 * Spread into an element that replaces the button that opened it: focus moves to it, so keyboard
 * and screen-reader users stay in place.
 */
export const takesFocus: Attributes = {
	tabindex: -1,
	[createAttachmentKey()]: (node: HTMLElement) => node.focus()
};
