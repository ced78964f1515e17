import type { PaymentIntent, Stripe } from '@stripe/stripe-js';

/**
 * A tiny stand-in for Stripe.js implementing only what the Checkout parts call, for stories.
 * (Browser tests use the sandbox's full Stripe.js stand-in instead.)
 */
export type FakeOutcome = 'succeed' | 'decline' | 'pending';

export function fakeStripe({ outcome }: { outcome: FakeOutcome }): Stripe {
	let amount = 0;
	let currency = 'usd';
	const created = new Map<string, { destroy(): void }>();

	function create(type: string) {
		const handlers = new Map<string, (event: unknown) => void>();
		let node: HTMLElement | null = null;
		const element = {
			on: (name: string, handler: (event: unknown) => void) => void handlers.set(name, handler),
			update: () => {},
			focus: () => node?.querySelector('input')?.focus(),
			mount(target: HTMLElement) {
				node = target;
				const label = document.createElement('label');
				label.textContent = 'Card number ';
				const input = document.createElement('input');
				input.autocomplete = 'cc-number';
				input.inputMode = 'numeric';
				label.append(input);
				target.append(label);
				setTimeout(() => handlers.get('ready')?.({ elementType: type }));
			},
			destroy() {
				node?.replaceChildren();
				created.delete(type);
			}
		};
		created.set(type, element);
		return element;
	}

	const elements = {
		update: async (options: { amount?: number; currency?: string }) => {
			amount = options.amount ?? amount;
			currency = options.currency ?? currency;
		},
		submit: async () => ({}),
		create,
		getElement: (type: string) => created.get(type) ?? null
	};

	const paymentIntent = () =>
		({
			id: 'pi_fake',
			object: 'payment_intent',
			status: 'succeeded',
			amount,
			currency
		}) as PaymentIntent;

	const fake = {
		elements(options: { amount: number; currency: string }) {
			amount = options.amount;
			currency = options.currency;
			return elements;
		},
		async confirmPayment() {
			if (outcome === 'pending') return new Promise(() => {});
			if (outcome === 'decline') {
				return {
					error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' }
				};
			}
			return { paymentIntent: paymentIntent() };
		},
		registerAppInfo: () => {}
	};
	// Only the methods above exist; the parts call nothing else.
	return fake as unknown as Stripe;
}
