import { defineCatalog, type CustomerStore, type SubscriptionStore } from '@nobs-pay/svelte/server';
import { getRequestEvent } from '$app/server';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { createAuth, type Auth } from './accounts/auth.js';
import { drizzleCustomerStore, drizzleSubscriptionStore } from './accounts/billing-stores.js';
import { ensurePlanPrices, type PlanPrice } from './accounts/plan-prices.js';
import { subscriptionMail } from './accounts/subscription-mail.js';
import type Stripe from 'stripe';
import { catalog } from '../catalog.js';
import { readConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { sendPending, transportFromEnv, type MailTransport } from './email.js';
import { loadOutboxKey, type OutboxKey } from './outbox-cipher.js';
import { createRateLimits, type RateLimits } from './rate-limit.js';
import { createStripe } from './stripe.js';

/** What the server side of the marketplace runs on, created once per process. */
export interface Services {
	config: Config;
	stripe: Stripe;
	database: Database;
	/** SMTP when `SMTP_URL` is set; otherwise mail stays in the outbox (see /dev/mail). */
	mail: MailTransport | undefined;
	/** Seals and opens mail bodies in the outbox (OUTBOX_KEY, or DATA_DIR/outbox.key). */
	outboxKey: OutboxKey;
	/** Per-IP limits of checkout and license validation (memory, or Redis with REDIS_URL). */
	rateLimits: RateLimits;
	/** Sign-in by magic link, sessions in the database (Better Auth). */
	auth: Auth;
	/** The library's billing stores on this database, and the plans' Stripe prices. */
	billing: {
		customers: CustomerStore;
		subscriptions: SubscriptionStore;
		/** Created at Stripe on first use (and retried after a failure), then kept. */
		planPrices(): Promise<PlanPrice[]>;
	};
}

let services: Promise<Services> | undefined;

/**
 * The process's services: the database is opened and migrated on first use (the server hook
 * calls this at start-up). Not user state, so a module-level singleton is right here.
 */
export function getServices(): Promise<Services> {
	services ??= (async () => {
		// The catalog is validated here rather than in the browser; a bad price stops the start.
		defineCatalog(catalog);
		const config = readConfig();
		const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
		const stripe = createStripe(config);
		const mail = await transportFromEnv(config.smtpUrl);
		const outboxKey = loadOutboxKey({ configured: config.outboxKey, dataDir: config.dataDir });
		const db = database.db;
		let prices: Promise<PlanPrice[]> | undefined;
		return {
			config,
			stripe,
			database,
			mail,
			outboxKey,
			rateLimits: await createRateLimits(config.rateLimits),
			auth: createAuth({
				db,
				origin: config.origin,
				secret: config.authSecret,
				outboxKey,
				// A sign-in link is wanted now, not at the next retry round.
				onQueued: async () => {
					if (mail) await sendPending(db, { transport: mail, outboxKey }).catch(console.error);
				},
				plugins: [sveltekitCookies(getRequestEvent)]
			}),
			billing: {
				customers: drizzleCustomerStore(db),
				subscriptions: drizzleSubscriptionStore(db, {
					onChange: subscriptionMail({ outboxKey, origin: config.origin })
				}),
				planPrices: () =>
					(prices ??= ensurePlanPrices(db, stripe).catch((error) => {
						prices = undefined;
						throw error;
					}))
			}
		};
	})().catch((error) => {
		services = undefined;
		throw error;
	});
	return services;
}
