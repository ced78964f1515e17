// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** True when payments go to the offline sandbox rather than Stripe. */
			sandbox: boolean;
		}
	}
}

export {};
