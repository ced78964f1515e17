// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** True when payments go to the offline sandbox rather than Stripe. */
			sandbox: boolean;
			/** The signed-in account, set by the accounts' hook; null (or unset) when anonymous. */
			accountId: string | null;
		}
		interface PageData {
			/** Overrides the layout's description and social card for one page. */
			meta?: import('$lib/site').PageMeta;
		}
	}
}

export {};
