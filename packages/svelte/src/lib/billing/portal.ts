import { postJson, readUrl } from '../checkout/session.js';

export interface OpenBillingPortalOptions {
	/** Your `createPortalSessionHandler` route, e.g. "/api/billing-portal". */
	endpoint: string;
}

/**
 * Opens the Stripe billing portal for the signed-in customer: asks your server for a portal
 * session (the server decides who the customer is), then navigates there.
 * Throws `CheckoutRequestError` (`code: 'not_signed_in'` when nobody is signed in).
 * @example <button onclick={() => openBillingPortal({ endpoint: '/api/billing-portal' })}>Manage plan</button>
 */
export async function openBillingPortal({ endpoint }: OpenBillingPortalOptions): Promise<void> {
	const { url } = await postJson(endpoint, {}, readUrl);
	location.assign(url);
}
