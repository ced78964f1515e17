import { env } from '$env/dynamic/private';
import { createCheckoutSessionHandler } from '@nobs-pay/svelte/server';
import { catalog } from '$lib/catalog';
import { stripe } from '$lib/server/stripe';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = createCheckoutSessionHandler({
	stripe,
	catalog,
	successUrl: `${env.ORIGIN}/orders/{CHECKOUT_SESSION_ID}`,
	cancelUrl: `${env.ORIGIN}/pricing`
});
