// Billing on Stripe: customers, the subscription projection, plan changes and metered usage.
export type {
	CustomerStore,
	LeasedUsageEvent,
	SubscriptionRecord,
	SubscriptionStore,
	UsageDay,
	UsageEvent,
	UsageStore
} from './stores.js';
export { memoryCustomerStore, memorySubscriptionStore, memoryUsageStore } from './memory-stores.js';
export { ensureCustomer, type EnsureCustomerOptions } from './customer.js';
export {
	projectSubscription,
	reconcile,
	subscriptionWebhookHandlers,
	syncSubscription,
	type ReconcileOptions,
	type Repair,
	type SubscriptionSyncOptions
} from './subscriptions.js';
export {
	cancelSubscription,
	changePlan,
	previewPlanChange,
	resumeSubscription,
	trialDays,
	type CancelSubscriptionOptions,
	type PlanChangeOptions,
	type PlanChangePreview
} from './plan-changes.js';
export {
	flushUsage,
	recordUsage,
	usageByDay,
	type FlushResult,
	type FlushUsageOptions,
	type RecordUsageOptions
} from './usage.js';
export { createPlanHandler, type PlanHandlerOptions, type PlanRequest } from './plan-handler.js';
