import { untrack } from 'svelte';
import type { CheckoutState, MountedElement } from './checkout.svelte.js';
import { diffOptions } from './options.js';

export type ElementKind = 'payment' | 'address' | 'linkAuthentication' | 'expressCheckout';

/** Event name → the part's current callback prop (read on every event, so the latest one runs). */
export type ElementHandlers = Record<string, ((event: never) => void) | undefined>;

// `StripeElements.create` and `getElement` are overloaded per type; the parts only need the
// shape they all share, so this one place looks at the group through a common interface.
interface ElementsGroup {
	create(kind: ElementKind, options?: object): MountedElement;
	getElement(kind: ElementKind): MountedElement | null;
}

export interface ElementPartInput {
	checkout: CheckoutState;
	kind: ElementKind;
	/** Names the part in warnings, e.g. "<Checkout.PaymentElement>". */
	owner: string;
	options: () => object | undefined;
	handlers: () => ElementHandlers;
	/** Options that cannot change after the element is created. */
	immutable?: readonly string[];
}

/**
 * One Stripe element inside a part: created when Elements exists, options diffed on update,
 * destroyed on unmount. Shared by PaymentElement, Address, LinkAuthentication and ExpressCheckout.
 */
export class ElementPart {
	state = $state<'loading' | 'ready'>('loading');
	#input: ElementPartInput;

	constructor(input: ElementPartInput) {
		this.#input = input;
	}

	/** Attachment for the mount node; re-runs only when the checkout's Elements group changes. */
	attach = (node: HTMLElement) => {
		const { checkout, kind, owner, options, handlers, immutable } = this.#input;
		const group = checkout.elements as ElementsGroup | null;
		if (!group) return;
		return untrack(() => {
			// Stripe allows one element of a type per group. A remount or a reopened modal can
			// run before the previous instance's cleanup, so destroy whatever is there first.
			group.getElement(kind)?.destroy();
			let sent = $state.snapshot(options());
			const element = group.create(kind, sent);
			element.on('ready', () => (this.state = 'ready'));
			for (const name of Object.keys(handlers())) {
				element.on(name, (event) =>
					(handlers()[name] as ((event: unknown) => void) | undefined)?.(event)
				);
			}
			element.mount(node);
			const unregister = checkout.register(kind, element, node);

			$effect(() => {
				const next = $state.snapshot(options());
				const changes = diffOptions({ previous: sent, next, immutable, owner });
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
