import { createPaymentIntentHandler } from '@nobs-pay/svelte/server';
import { catalog } from '$lib/catalog';
import { stripe } from '$lib/server/stripe';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = createPaymentIntentHandler({ stripe, catalog });
