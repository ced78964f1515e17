import { building } from '$app/environment';
import { env } from '$env/dynamic/private';
import { createStripe } from '@nobs-pay/svelte/server';

// Stripe, or the sandbox when STRIPE_API_BASE is set (.env in development, see .env.example):
// configuration decides, the code has no `if`. SvelteKit imports this module while building,
// when no secret is set: only a running server needs one.
export const stripe = createStripe({
	env: building ? { STRIPE_SECRET_KEY: 'sk_test_build' } : env
});
