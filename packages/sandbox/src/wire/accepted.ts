/**
 * Parameters the `stripe` SDK declares for an endpoint the sandbox serves, which the sandbox accepts
 * and ignores: it does not model what they do (tax, Connect, other payment method types, ...).
 * They are removed before the route's own validation, so every other parameter is still checked as
 * Stripe checks it. the sandbox guide (docs/src/routes/sandbox/+page.md) lists them; test/parameter-coverage.spec.ts keeps the whole set
 * (modelled plus accepted) equal to what the SDK declares.
 */
export const ACCEPTED_WITHOUT_EFFECT: Readonly<Record<string, readonly string[]>> = {
	'POST /v1/checkout/sessions': ['customer_account'],
	'GET /v1/checkout/sessions': ['customer_account', 'customer_details', 'payment_link'],
	'POST /v1/billing_portal/sessions': ['after_expiration', 'customer_account'],
	'POST /v1/test_helpers/test_clocks': ['customer'],
	'POST /v1/customers': ['cash_balance', 'source', 'tax', 'tax_id_data', 'validate'],
	'POST /v1/customers/:id': ['cash_balance', 'default_source', 'source', 'tax', 'validate'],
	'GET /v1/customers/:customer/payment_methods': ['allow_redisplay'],
	'POST /v1/products': ['package_dimensions', 'tax_details', 'type'],
	'POST /v1/products/:id': ['package_dimensions', 'tax_details'],
	'POST /v1/prices': ['currency_options', 'custom_unit_amount'],
	'POST /v1/prices/:id': ['currency_options', 'tax_behavior', 'transfer_lookup_key'],
	'POST /v1/payment_methods': [
		'acss_debit',
		'affirm',
		'afterpay_clearpay',
		'alipay',
		'alma',
		'amazon_pay',
		'au_becs_debit',
		'bacs_debit',
		'bancontact',
		'billie',
		'bizum',
		'blik',
		'boleto',
		'cashapp',
		'crypto',
		'custom',
		'customer_balance',
		'eps',
		'fpx',
		'giropay',
		'grabpay',
		'ideal',
		'interac_present',
		'kakao_pay',
		'klarna',
		'konbini',
		'kr_card',
		'link',
		'mb_way',
		'mobilepay',
		'multibanco',
		'naver_pay',
		'nz_bank_account',
		'oxxo',
		'p24',
		'pay_by_bank',
		'payco',
		'paynow',
		'paypal',
		'paypay',
		'payto',
		'pix',
		'promptpay',
		'radar_options',
		'revolut_pay',
		'samsung_pay',
		'satispay',
		'scalapay',
		'sequra',
		'sofort',
		'sunbit',
		'swish',
		'twint',
		'upi',
		'us_bank_account',
		'wechat_pay',
		'zip'
	],
	'POST /v1/payment_methods/:id': ['allow_redisplay', 'card', 'us_bank_account'],
	'POST /v1/payment_methods/:id/attach': ['customer_account'],
	'GET /v1/payment_methods': ['allow_redisplay', 'customer_account'],
	'POST /v1/payment_intents': ['confirmation_token', 'customer_account'],
	'POST /v1/payment_intents/:id': ['application_fee_amount', 'customer_account'],
	'POST /v1/payment_intents/:id/confirm': ['amount_to_confirm', 'confirmation_token'],
	'POST /v1/payment_intents/:id/capture': [
		'amount_details',
		'application_fee_amount',
		'final_capture',
		'hooks',
		'payment_details',
		'statement_descriptor',
		'statement_descriptor_suffix',
		'transfer_data'
	],
	'GET /v1/payment_intents': ['customer_account'],
	'POST /v1/refunds': [
		'currency',
		'customer',
		'origin',
		'refund_application_fee',
		'reverse_transfer'
	],
	'POST /v1/setup_intents': [
		'attach_to_self',
		'confirmation_token',
		'customer_account',
		'on_behalf_of'
	],
	'POST /v1/setup_intents/:id/confirm': [
		'allowed_payment_method_types',
		'confirmation_token',
		'payment_method_options'
	],
	'POST /v1/subscriptions': [
		'add_invoice_items',
		'application_fee_percent',
		'backdate_start_date',
		'billing_cycle_anchor',
		'billing_cycle_anchor_config',
		'billing_mode',
		'billing_schedules',
		'billing_thresholds',
		'currency',
		'customer_account',
		'days_until_due',
		'default_source',
		'default_tax_rates',
		'discounts',
		'invoice_settings',
		'on_behalf_of',
		'pending_invoice_item_interval',
		'transfer_data',
		'trial_from_plan'
	],
	'POST /v1/subscriptions/:id': [
		'add_invoice_items',
		'application_fee_percent',
		'billing_cycle_anchor',
		'billing_schedules',
		'billing_thresholds',
		'days_until_due',
		'default_source',
		'default_tax_rates',
		'discounts',
		'invoice_settings',
		'on_behalf_of',
		'pending_invoice_item_interval',
		'transfer_data',
		'trial_from_plan'
	],
	'GET /v1/subscriptions': [
		'automatic_tax',
		'current_period_end',
		'current_period_start',
		'customer_account'
	],
	'POST /v1/invoices': [
		'account_tax_ids',
		'application_fee_amount',
		'automatic_tax',
		'custom_fields',
		'customer_account',
		'default_source',
		'default_tax_rates',
		'discounts',
		'effective_at',
		'from_invoice',
		'issuer',
		'number',
		'on_behalf_of',
		'payment_settings',
		'pending_invoice_items_behavior',
		'rendering',
		'shipping_cost',
		'shipping_details',
		'subscription',
		'transfer_data'
	],
	'POST /v1/invoices/:id/pay': ['forgive', 'mandate', 'source'],
	'GET /v1/invoices': ['customer_account', 'due_date'],
	'POST /v1/invoices/create_preview': [
		'automatic_tax',
		'currency',
		'customer_account',
		'customer_details',
		'discounts',
		'invoice_items',
		'issuer',
		'on_behalf_of',
		'preview_mode',
		'schedule',
		'schedule_details'
	],
	'POST /v1/invoiceitems': [
		'customer_account',
		'discounts',
		'tax_behavior',
		'tax_code',
		'tax_rates'
	],
	'POST /v1/invoiceitems/:id': [
		'discounts',
		'invoicing_rules',
		'tax_behavior',
		'tax_code',
		'tax_rates'
	],
	'GET /v1/invoiceitems': ['customer_account'],
	'GET /v1/events': ['delivery_success']
};

/** The request's parameters without those the endpoint accepts without effect. */
export function withoutIgnored<T extends Record<string, unknown>>(endpoint: string, params: T): T {
	const ignored = ACCEPTED_WITHOUT_EFFECT[endpoint];
	if (!ignored) return params;
	const kept = { ...params };
	for (const name of ignored) delete kept[name];
	return kept;
}
