import { untrack, type Snippet } from 'svelte';
import { createAttachmentKey, type Attachment } from 'svelte/attachments';
import { h, type MarkupElement } from '../internal/markup.js';
import { useCheckout, type CheckoutState, type MountedElement } from './checkout.svelte.js';
import { diffOptions } from './options.js';

export type ElementKind = 'payment' | 'address' | 'linkAuthentication' | 'expressCheckout';

/** Event name → handler, for events whose handler is not simply the part's `on<Event>` prop. */
export type ElementHandlers = Record<string, (event: never) => void>;

/** A part's props as the element reads them: options, `on<Event>` callbacks, the box's attributes. */
type PartProps = { options?: object; children?: Snippet } & Record<string, unknown>;

// `StripeElements.create` and `getElement` are overloaded per type; the parts only need the
// shape they all share, so this one place looks at the group through a common interface.
interface ElementsGroup {
	create(kind: ElementKind, options?: object): MountedElement;
	getElement(kind: ElementKind): MountedElement | null;
}

const mountKey = createAttachmentKey();

/**
 * The box every mounted Stripe part renders (PaymentElement, ExpressCheckout, Address,
 * LinkAuthentication, Embedded): the mount node, and `children` as a placeholder until the part
 * is ready. `name` is the part's, e.g. `LinkAuthentication` (slot `checkout-link-authentication`).
 */
export function elementBox(
	name: string,
	state: string,
	attach: Attachment<HTMLElement>,
	{ children, ...attributes }: { children?: Snippet } & Record<string, unknown>
): MarkupElement {
	return h(
		'div',
		{
			'data-slot': `checkout${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
			'data-state': state,
			'aria-busy': state === 'loading',
			...attributes
		},
		h('div', { [mountKey]: attach }),
		state !== 'ready' && children
	);
}

/**
 * One Stripe element inside a part: created when Elements exists, options diffed on update,
 * destroyed on unmount. Shared by PaymentElement, Address, LinkAuthentication and ExpressCheckout.
 * Construct it during the part's initialisation (it reads the checkout's context).
 */
export class ElementPart {
	state = $state<'loading' | 'ready'>('loading');
	readonly checkout: CheckoutState;
	#name: string;
	#kind: ElementKind;
	#props: () => PartProps;
	#events: string;
	#handlers: ElementHandlers;
	#immutable: readonly string[] | undefined;

	/**
	 * @param name The part's name, e.g. `'PaymentElement'`.
	 * @param events The `on<Event>` props forwarded from the element, e.g. `'Change Ready'`
	 * (`onLoadError` gets Stripe's `loaderror`).
	 * @param handlers Events handled otherwise than by forwarding to a prop.
	 * @param immutable Options that cannot change after the element is created.
	 */
	constructor(
		name: string,
		kind: ElementKind,
		props: () => PartProps,
		events: string,
		handlers: ElementHandlers = {},
		immutable?: readonly string[]
	) {
		this.#name = name;
		this.#kind = kind;
		this.#props = props;
		this.#events = events;
		this.#handlers = handlers;
		this.#immutable = immutable;
		this.checkout = useCheckout(`<Checkout.${name}>`);
	}

	/** What the part renders; its options and `on<Event>` callbacks stay off the box. */
	box = (): MarkupElement => {
		const attributes = { ...this.#props() };
		for (const key in attributes) if (/^(options$|on[A-Z])/.test(key)) delete attributes[key];
		return elementBox(this.#name, this.state, this.attach, attributes);
	};

	/** Attachment for the mount node; re-runs only when the checkout's Elements group changes. */
	attach = (node: HTMLElement) => {
		const { checkout } = this;
		const kind = this.#kind;
		const props = this.#props;
		const group = checkout.elements as ElementsGroup | null;
		if (!group) return;
		return untrack(() => {
			// Stripe allows one element of a type per group. A remount or a reopened modal can
			// run before the previous instance's cleanup, so destroy whatever is there first.
			group.getElement(kind)?.destroy();
			let sent = $state.snapshot(props().options);
			const element = group.create(kind, sent);
			element.on('ready', () => (this.state = 'ready'));
			for (const event of this.#events.split(' ')) {
				// The current prop is read on every event, so the latest callback runs.
				element.on(event.toLowerCase(), (payload) =>
					(props()[`on${event}`] as ((payload: unknown) => void) | undefined)?.(payload)
				);
			}
			for (const [event, handler] of Object.entries(this.#handlers)) {
				element.on(event, handler as (payload: unknown) => void);
			}
			element.mount(node);
			const unregister = checkout.register(kind, element, node);

			$effect(() => {
				const next = $state.snapshot(props().options);
				const changes = diffOptions({
					previous: sent,
					next,
					immutable: this.#immutable,
					owner: `<Checkout.${this.#name}>`
				});
				sent = next;
				if (changes) element.update(changes);
			});

			return () => {
				unregister();
				element.destroy();
				this.state = 'loading';
			};
		});
	};
}
