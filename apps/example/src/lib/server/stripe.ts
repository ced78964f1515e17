import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import Stripe from 'stripe';

// Read from the environment (.env in development, see .env.example). SvelteKit imports this
// module while building, when no secret is set: only a running server needs one.
const secretKey = env.STRIPE_SECRET_KEY || (building ? 'sk_test_build' : undefined);
if (!secretKey) throw new Error('STRIPE_SECRET_KEY is not set: see .env.example.');

// Stripe's API unless STRIPE_API_URL says otherwise (the sandbox in development and tests).
const api = new URL(env.STRIPE_API_URL || 'https://api.stripe.com');

export const stripe = new Stripe(secretKey, {
	host: api.hostname,
	port: Number(api.port) || 443,
	protocol: api.protocol === 'http:' ? 'http' : 'https'
});
