// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** The signed-in visitor's Stripe customer id (`cus_…`), set by your sign-in. */
			customerId?: string;
		}
	}
}

export {};
