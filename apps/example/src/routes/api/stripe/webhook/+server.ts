import { env } from '$env/dynamic/private';
import { createWebhookHandler, memoryInbox } from '@nobs-pay/svelte/server';
import { markPaid } from '$lib/server/orders';
import { stripe } from '$lib/server/stripe';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = createWebhookHandler({
	stripe,
	secrets: env.STRIPE_WEBHOOK_SECRET ?? '',
	inbox: memoryInbox(),
	on: {
		'payment_intent.succeeded': (event) => markPaid(event.data.object.id),
		'checkout.session.completed': (event) => markPaid(event.data.object.id)
	}
});
