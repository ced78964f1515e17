/**
 * What the License API needs to know of an account's subscription. Structurally identical to
 * `Entitlement` in `accounts/entitlement.ts` (the accounts module), so that module's
 * `getEntitlement` plugs in unchanged; declared here so the API does not depend on it.
 */
export interface Entitlement {
	accountId: string;
	/** 'api-pro' | 'api-team' | 'api-enterprise' */
	planId: string;
	status:
		| 'trialing'
		| 'active'
		| 'past_due'
		| 'canceled'
		| 'unpaid'
		| 'incomplete'
		| 'incomplete_expired'
		| 'paused';
	pastDueSince: Date | null;
	currentPeriodStart: Date;
	currentPeriodEnd: Date;
	cancelAtPeriodEnd: boolean;
	seats: number;
}

/** The account's entitlement, or null when it has never subscribed. */
export type EntitlementOf = (accountId: string) => Promise<Entitlement | null>;

/** The account's Stripe customer (`cus_…`), which usage is recorded and billed against. */
export type CustomerOf = (accountId: string) => Promise<string | null>;
