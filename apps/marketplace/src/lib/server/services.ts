import { defineCatalog } from '@nobs-pay/svelte/server';
import type Stripe from 'stripe';
import { catalog } from '../catalog.js';
import { readConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/index.js';
import { transportFromEnv, type MailTransport } from './email.js';
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
		return {
			config,
			stripe: createStripe(config),
			database,
			mail: await transportFromEnv(config.smtpUrl),
			outboxKey: loadOutboxKey({ configured: config.outboxKey, dataDir: config.dataDir }),
			rateLimits: await createRateLimits(config.rateLimits)
		};
	})().catch((error) => {
		services = undefined;
		throw error;
	});
	return services;
}
