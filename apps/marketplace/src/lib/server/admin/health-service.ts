import { catalog } from '../../catalog.js';
import type { Services } from '../services.js';
import { runAlerts } from './alerts.js';
import { createHealthChecks, type HealthChecks } from './health.js';
import { checkMilestones, coalesced, type CheckMilestonesOptions } from './milestones.js';

/**
 * The health checks, alerts and milestones wired to the process's services: what the routes,
 * the fulfilment hook and the periodic job call.
 */

/** The currency the shop sells in: the milestones count it. The catalog has exactly one. */
export function shopCurrency(products = catalog.products): string {
	const currencies = new Set(products.flatMap((product) => product.prices.map((p) => p.currency)));
	const [currency] = currencies;
	if (currencies.size !== 1 || !currency) {
		throw new Error(
			`Milestones need one shop currency; the catalog has ${[...currencies].join(', ')}.`
		);
	}
	return currency;
}

export function milestoneOptions({ config, outboxKey }: Services): CheckMilestonesOptions {
	return {
		targets: config.milestones,
		currency: shopCurrency(),
		timeZone: config.timeZone,
		emails: config.admin.emails,
		outboxKey,
		origin: config.origin
	};
}

// One per process, like the services: the Stripe cache and the coalescing live in them.
const perProcess = new WeakMap<
	Services,
	{ checks: HealthChecks; milestones: ReturnType<typeof coalesced> }
>();

function wired(services: Services) {
	let found = perProcess.get(services);
	if (!found) {
		const { database, stripe, rateLimits, mail, config } = services;
		found = {
			checks: createHealthChecks({
				db: database.db,
				// Read-only, authenticated, answered by the sandbox too; no retries, so the deadline holds.
				probeStripe: () =>
					stripe.products.list({ limit: 1 }, { maxNetworkRetries: 0, timeout: 3000 }),
				redis: rateLimits.redis,
				mailConfigured: mail !== undefined,
				thresholds: config.health
			}),
			// At most one check per 5 s: under a burst of sales the database serves the sales first.
			milestones: coalesced(() => checkMilestones(database.db, milestoneOptions(services)), {
				minIntervalMs: 5000
			})
		};
		perProcess.set(services, found);
	}
	return found;
}

/** The readiness checks of this process (`/readyz`, `/admin/health`). */
export const healthChecks = (services: Services): HealthChecks => wired(services).checks;

/**
 * Checks the milestones after a sale, in the background: never two checks at once, errors logged.
 * @example onFulfilled: () => pokeMilestones(services)
 */
export const pokeMilestones = (services: Services): Promise<void> =>
	wired(services).milestones.poke();

/** How often the alerts and the milestones are checked in the background. */
export const HEALTH_JOB_MS = 5 * 60_000;

/**
 * The periodic job of `hooks.server.ts`: alerts (payment failures, webhook backlog) and the
 * milestones (a sale fulfilled by a path without the hook still counts). Returns the timer.
 */
export function startHealthJob(services: Services): NodeJS.Timeout {
	const { database, config, outboxKey } = services;
	const run = () => {
		runAlerts(database.db, {
			emails: config.admin.emails,
			outboxKey,
			origin: config.origin,
			thresholds: config.health
		}).catch((error) => console.error('Checking the alerts failed:', error));
		void pokeMilestones(services);
	};
	return setInterval(run, HEALTH_JOB_MS).unref();
}
