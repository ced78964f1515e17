import type { Entitlement } from '../accounts/entitlement.js';

export type { Entitlement };

/** The account's entitlement, or null when it has never subscribed. */
export type EntitlementOf = (accountId: string) => Promise<Entitlement | null>;

/** The account's Stripe customer (`cus_…`), which usage is recorded and billed against. */
export type CustomerOf = (accountId: string) => Promise<string | null>;
