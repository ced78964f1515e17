import { createWebhookHandler, subscriptionWebhookHandlers } from '@nobs-pay/svelte/server';
import { pokeMilestones } from './admin/health-service.js';
import { sendPending } from './email.js';
import { postgresInbox, WEBHOOK_LEASE_MS } from './inbox.js';
import type { Services } from './services.js';
import { marketplaceWebhookHandlers } from './webhooks.js';

/**
 * The Stripe webhook endpoint: verified, exactly once per event (the inbox lives in the same
 * database as the orders), and the receipt is sent right after fulfillment when SMTP is set.
 * Subscription and invoice events re-fetch the subscription they name into the projection
 * (whose changes queue the billing mail), whatever order they arrive in.
 */
export function createMarketplaceWebhook(services: Services) {
	const { config, stripe, database, mail, outboxKey, billing } = services;
	const sendNow = async () => {
		// Sending is best effort here; a failure leaves the mail queued for the next run.
		if (mail) await sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
	};
	const projection = subscriptionWebhookHandlers({
		stripe,
		store: billing.subscriptions,
		customers: billing.customers
	});
	// Each projection handler then sends the mail its change queued (a welcome, a failed payment).
	type Handler = (event: never) => Promise<void> | void;
	const andSend = Object.fromEntries(
		Object.entries(projection).map(([type, handler]) => [
			type,
			async (event: never) => {
				await (handler as Handler)(event);
				await sendNow();
			}
		])
	) as typeof projection;
	return createWebhookHandler({
		stripe,
		secrets: config.stripe.webhookSecrets,
		inbox: postgresInbox(database.db),
		// Short, and renewed by the inbox's heartbeat while a handler runs (see inbox.ts).
		leaseMs: WEBHOOK_LEASE_MS,
		on: {
			...andSend,
			...marketplaceWebhookHandlers({
				db: database.db,
				stripe,
				onFulfilled: async () => {
					await sendNow();
					// After the fulfilment's transaction, in the background: a milestone check never
					// delays or fails a webhook (errors are logged), and a burst of sales runs two checks.
					void pokeMilestones(services);
				}
			})
		},
		onError: (error, event) => console.error(`Webhook ${event.type} ${event.id} failed:`, error)
	});
}
