import { createWebhookHandler } from '@nobs-pay/svelte/server';
import { sendPending } from './email.js';
import { postgresInbox, WEBHOOK_LEASE_MS } from './inbox.js';
import type { Services } from './services.js';
import { marketplaceWebhookHandlers } from './webhooks.js';

/**
 * The Stripe webhook endpoint: verified, exactly once per event (the inbox lives in the same
 * database as the orders), and the receipt is sent right after fulfillment when SMTP is set.
 */
export function createMarketplaceWebhook({ config, stripe, database, mail, outboxKey }: Services) {
	return createWebhookHandler({
		stripe,
		secrets: config.stripe.webhookSecrets,
		inbox: postgresInbox(database.db),
		// Short, and renewed by the inbox's heartbeat while a handler runs (see inbox.ts).
		leaseMs: WEBHOOK_LEASE_MS,
		on: marketplaceWebhookHandlers({
			db: database.db,
			onFulfilled: async () => {
				// Sending is best effort here; a failure leaves the mail queued for the next run.
				if (mail)
					await sendPending(database.db, { transport: mail, outboxKey }).catch(console.error);
			}
		}),
		onError: (error, event) => console.error(`Webhook ${event.type} ${event.id} failed:`, error)
	});
}
