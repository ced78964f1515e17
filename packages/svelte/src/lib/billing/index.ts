export * as Billing from './parts.js';
export { openBillingPortal, type OpenBillingPortalOptions } from './portal.js';
export { ApiKeysState, PlanState, daysUntil, percentUsed, planAction } from './billing.svelte.js';
export { defaultBillingLabels } from './labels.js';
export type {
	BillingApiKey,
	BillingApiKeysProps,
	BillingCard,
	BillingInvoice,
	BillingInvoiceStatus,
	BillingInvoicesProps,
	BillingLabels,
	BillingMeter,
	BillingNewApiKey,
	BillingPaymentMethodProps,
	BillingPaywallProps,
	BillingPlanAction,
	BillingPlanOption,
	BillingPlanProps,
	BillingPreview,
	BillingStatus,
	BillingSubscription,
	BillingUsageDay,
	BillingUsageProps
} from './types.js';
