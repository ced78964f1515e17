// The `Billing` namespace: `<Billing.Plan>`, `<Billing.Usage>`...
export { default as Plan } from './billing-plan.svelte';
export { default as Usage } from './billing-usage.svelte';
export { default as Invoices } from './billing-invoices.svelte';
export { default as ApiKeys } from './billing-api-keys.svelte';
export { default as PaymentMethod } from './billing-payment-method.svelte';
export { default as Paywall } from './billing-paywall.svelte';
