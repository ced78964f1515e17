import { createPaymentIntentHandler } from '@nobs-pay/svelte/server';
import { catalog } from '$lib/catalog';
import { stripe } from '$lib/server/stripe';
import type { RequestHandler } from './$types';

const handler = createPaymentIntentHandler({ stripe, catalog });
export const POST: RequestHandler = ({ request }) => handler(request);
