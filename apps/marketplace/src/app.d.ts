// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			/** True when payments go to the offline sandbox rather than Stripe. */
			sandbox: boolean;
			/** The signed-in user (Better Auth session), or null. */
			user: { id: string; email: string; name: string } | null;
			/**
			 * The account whose plan the user uses: their own id, or their team owner's for a team
			 * member. Null when signed out. Billing and entitlements are looked up by it.
			 */
			accountId: string | null;
			/** Set under `/admin` only, once the server hook let an admin through (see admin/access.ts). */
			admin: import('$lib/server/admin/access').Admin | null;
		}
		interface PageData {
			/** Overrides the layout's description and social card for one page. */
			meta?: import('$lib/site').PageMeta;
		}
	}
}

export {};
